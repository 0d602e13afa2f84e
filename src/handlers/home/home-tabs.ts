import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { readHomeOverview } from '../../services/home/home-overview.js';
import type { Services } from '../../services/services.js';
import type { SlackClient } from '../handler-deps.js';
import { buildHomeView } from './home-view.js';

/** Whose Home tab is kept fresh: people who opened it within this window, at most this many (the newest). */
const VIEWER_WINDOW_MS = 60 * 60_000;
const MAX_VIEWERS = 100;
/** A notice (why a click on the Home tab was refused) survives the refreshes of this long after it was given. */
const NOTICE_MS = 30_000;
/** Viewers past the window are deleted (one bounded batch) at most this often per process, by a refresh. */
const FORGET_EVERY_MS = 60_000;
/** The least time between the starts of two refresh rounds. */
const REFRESH_GAP_MS = 250;

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
 * looked recently need a push; everyone else gets a fresh one on their next app_home_opened. Who looked is kept in
 * the database (services.homeViewers), so that a change made by any replica refreshes every recent viewer's tab.
 */
export class HomeTabs {
  readonly #options: HomeTabsOptions;
  readonly #now: () => Date;
  /** user id → the notice shown on top of their tab; insertion order = oldest first (bounded: MAX_VIEWERS). */
  readonly #notices = new Map<string, { text: string; at: number }>();
  #refreshing: Promise<void> | null = null;
  #again = false;
  #lastForget = Number.NEGATIVE_INFINITY;
  #lastRoundAt = Number.NEGATIVE_INFINITY;

  constructor(options: HomeTabsOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Someone opened their Home tab: remember them (in the database, for every replica) and publish theirs. */
  async opened(client: SlackClient, userId: string): Promise<void> {
    this.#notices.delete(userId);
    try {
      await this.#options.services.homeViewers.remember(userId, this.#now());
    } catch (error) {
      // They still get their tab; only the later refreshes miss them.
      this.#options.logger.warn({ err: error, user: userId }, 'could not record a Home tab viewer');
    }
    await this.publish(client, userId);
  }

  /** Publishes `userId`'s tab; with `notice`, that line stays on top for a short while (NOTICE_MS). */
  async publish(client: SlackClient, userId: string, notice?: string): Promise<void> {
    const now = this.#now();
    if (notice) this.#keepNotice(userId, notice, now.getTime());
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
   * Re-publishes the recent viewers' tabs, in the background: at most one round runs at a time, requests arriving
   * meanwhile are folded into one more round, and rounds start at least REFRESH_GAP_MS apart (a burst of 200
   * commands would otherwise run one round, each a database read, after each of them). Never throws (a failure is
   * logged).
   */
  refreshSoon(client: SlackClient): void {
    if (this.#refreshing) {
      this.#again = true;
      return;
    }
    const wait = this.#lastRoundAt + REFRESH_GAP_MS - performance.now();
    const due = wait > 0 ? new Promise<void>((start) => setTimeout(start, wait)) : Promise.resolve();
    this.#refreshing = due
      .then(() => {
        this.#lastRoundAt = performance.now();
        return this.#refreshAll(client);
      })
      .finally(() => {
        this.#refreshing = null;
        if (this.#again) {
          this.#again = false;
          this.refreshSoon(client);
        }
      });
  }

  /** Resolves when no refresh is running or due (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#refreshing) await this.#refreshing;
  }

  #keepNotice(userId: string, text: string, at: number): void {
    this.#notices.delete(userId);
    this.#notices.set(userId, { text, at });
    while (this.#notices.size > MAX_VIEWERS) {
      const oldest = this.#notices.keys().next().value;
      if (oldest === undefined) break;
      this.#notices.delete(oldest);
    }
  }

  async #refreshAll(client: SlackClient): Promise<void> {
    const { services, logger } = this.#options;
    const now = this.#now().getTime();
    const since = new Date(now - VIEWER_WINDOW_MS);
    for (const [userId, notice] of this.#notices) {
      if (notice.at + NOTICE_MS < now) this.#notices.delete(userId);
    }
    if (now - this.#lastForget >= FORGET_EVERY_MS) {
      this.#lastForget = now;
      try {
        await services.homeViewers.forget(since);
      } catch (error) {
        logger.warn({ err: error }, 'could not forget past Home tab viewers; will retry');
      }
    }
    let viewers: { userId: string }[];
    try {
      viewers = await services.homeViewers.recent(since, MAX_VIEWERS);
    } catch (error) {
      logger.warn({ err: error }, 'could not read the recent Home tab viewers; their tabs are not refreshed');
      return;
    }
    for (const { userId } of viewers) {
      try {
        await this.publish(client, userId);
      } catch (error) {
        logger.warn({ err: error, user: userId }, 'could not refresh a Home tab');
      }
    }
  }
}
