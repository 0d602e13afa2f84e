import type { Logger } from 'pino';
import { readHomeOverview } from '../../services/home/home-overview.js';
import type { Services } from '../../services/services.js';
import type { SlackClient } from '../handler-deps.js';
import { buildHomeView } from './home-view.js';

/** Whose Home tab is kept fresh: people who opened it within this window, at most this many. */
const VIEWER_WINDOW_MS = 60 * 60_000;
const MAX_VIEWERS = 100;
/** A notice (why a click on the Home tab was refused) survives the refreshes of this long after it was given. */
const NOTICE_MS = 30_000;

export interface HomeTabsOptions {
  services: Services;
  logger: Logger;
  command: string;
  announceSandbox?: boolean;
  now?: () => Date;
}

/**
 * Publishes Home tabs (views.publish), and re-publishes those of recent viewers after something they show may have
 * changed. Slack keeps the last view published for a user and shows it when they open the tab, so only people who
 * looked recently need a push; everyone else gets a fresh one on their next app_home_opened.
 */
export class HomeTabs {
  readonly #options: HomeTabsOptions;
  readonly #now: () => Date;
  /** user id → when they last opened the tab; insertion order = least recent first. */
  readonly #viewers = new Map<string, number>();
  readonly #notices = new Map<string, { text: string; at: number }>();
  #refreshing: Promise<void> | null = null;
  #again = false;

  constructor(options: HomeTabsOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Someone opened their Home tab: remember them (bounded) and publish theirs. */
  async opened(client: SlackClient, userId: string): Promise<void> {
    this.#viewers.delete(userId);
    this.#notices.delete(userId);
    this.#viewers.set(userId, this.#now().getTime());
    while (this.#viewers.size > MAX_VIEWERS) {
      const oldest = this.#viewers.keys().next().value;
      if (oldest === undefined) break;
      this.#viewers.delete(oldest);
      this.#notices.delete(oldest);
    }
    await this.publish(client, userId);
  }

  /** Publishes `userId`'s tab; with `notice`, that line stays on top for a short while (NOTICE_MS). */
  async publish(client: SlackClient, userId: string, notice?: string): Promise<void> {
    const now = this.#now();
    if (notice) this.#notices.set(userId, { text: notice, at: now.getTime() });
    const kept = this.#notices.get(userId);
    if (kept && kept.at + NOTICE_MS < now.getTime()) this.#notices.delete(userId);
    const shown = this.#notices.get(userId)?.text;
    const overview = await readHomeOverview(this.#options.services, userId);
    const view = buildHomeView(overview, {
      sandbox: this.#options.announceSandbox === true,
      now,
      command: this.#options.command,
      ...(shown ? { notice: shown } : {}),
    });
    await client.views.publish({ user_id: userId, view });
  }

  /**
   * Re-publishes the recent viewers' tabs, in the background: at most one round runs at a time, and requests
   * arriving meanwhile are folded into one more round. Never throws (a failed publish is logged).
   */
  refreshSoon(client: SlackClient): void {
    if (this.#refreshing) {
      this.#again = true;
      return;
    }
    this.#refreshing = this.#refreshAll(client).finally(() => {
      this.#refreshing = null;
      if (this.#again) {
        this.#again = false;
        this.refreshSoon(client);
      }
    });
  }

  /** Resolves when no refresh is running (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#refreshing) await this.#refreshing;
  }

  async #refreshAll(client: SlackClient): Promise<void> {
    const since = this.#now().getTime() - VIEWER_WINDOW_MS;
    for (const [userId, openedAt] of [...this.#viewers]) {
      if (openedAt < since) {
        this.#viewers.delete(userId);
        continue;
      }
      try {
        await this.publish(client, userId);
      } catch (error) {
        this.#options.logger.warn({ err: error, user: userId }, 'could not refresh a Home tab');
      }
    }
  }
}
