import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { type AlertRecord, type AlertReply, isSnoozed } from '../../services/alerts/alert-record.js';
import type { AlertService } from '../../services/alerts/alert-service.js';
import { canonicalJson } from '../../services/alerts/canonical-json.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import type { SlackClient } from '../handler-deps.js';
import { buildAlertMessage, buildAlertReply } from './alert-blocks.js';

/** A value-and-trend-only redraw waits this long after the previous edit (chat.update is Tier 3). */
export const COSMETIC_UPDATE_MS = 5 * 60_000;

/** Slack errors that mean the message to edit is gone or not ours any more: post a new one instead. */
const messageGone = new Set(['message_not_found', 'cant_update_message', 'channel_not_found', 'is_archived']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Brings alerts' Slack messages in line with their stored state: posts a firing alert's message once, edits it
 * when what it shows changed (a value-only change at most every COSMETIC_UPDATE_MS), and posts the queued thread
 * replies (resolved, firing again, remedy proposed). Each alert is handled under its message lease, so several
 * processes never post the same alert twice. Snoozed alerts get no new message and no resolved/reopened replies.
 */
export class AlertNotifier {
  readonly #alerts: AlertService;
  readonly #logger: Logger;
  readonly #owner = `notifier-${process.pid}-${randomBytes(4).toString('hex')}`;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(alerts: AlertService, logger: Logger) {
    this.#alerts = alerts;
    this.#logger = logger;
  }

  /** Every alert that needs work; runs after the previous call in this process has finished. */
  syncAll(client: SlackClient): Promise<void> {
    return this.#serial(async () => {
      for (const id of await this.#alerts.needingSync()) await this.#sync(client, id);
    });
  }

  /** One alert (after a button press, to show the click at once). */
  syncOne(client: SlackClient, id: number): Promise<void> {
    return this.#serial(() => this.#sync(client, id));
  }

  #serial(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #sync(client: SlackClient, id: number): Promise<void> {
    // Replies first, then the alert: the record claimed is then at least as new as every reply it is told with. A
    // reply queued while this runs (a resolve arriving as the firing message is posted) waits for the next sync,
    // which sees the alert it belongs to; told now, it would say "Resolved" of a record not yet resolved. Read again
    // under the lease, so that one another process delivered before releasing it is not told twice.
    const queued = await this.#alerts.undeliveredReplies(id);
    const alert = await this.#alerts.claimSync(id, this.#owner);
    if (!alert) return;
    const undelivered = new Set((await this.#alerts.undeliveredReplies(id)).map((reply) => reply.id));
    const replies = queued.filter((reply) => undelivered.has(reply.id));
    const logger = this.#logger.child({ alertId: alert.id, alert: alert.key });
    try {
      const message = await this.#syncMessage(client, alert, replies, logger);
      await this.#deliverReplies(client, alert, replies, message, logger);
    } catch (error) {
      logger.error(
        { err: error },
        'could not post or update the alert message; will retry (check that the bot is in the channel)',
      );
      await this.#alerts.recordSyncFailure(alert.id, this.#owner);
    } finally {
      await this.#alerts.releaseSync(alert.id, this.#owner);
    }
  }

  /** Posts or edits the message as needed; returns where it is (null when there is none to show). */
  async #syncMessage(
    client: SlackClient,
    alert: AlertRecord,
    replies: readonly AlertReply[],
    logger: Logger,
  ): Promise<AlertRecord['message']> {
    const now = this.#alerts.now();
    const snoozed = isSnoozed(alert, now);
    const rendered = buildAlertMessage(alert, now);
    const hash = sha(canonicalJson(withoutBlockIds(rendered)));
    const keyHash = sha(significantState(alert));
    const sync = { revision: alert.revision, hash, keyHash };

    if (!alert.message) {
      const tellNow = alert.phase === 'firing' || replies.some((r) => r.incident === alert.incident);
      if (snoozed || !tellNow) return null;
      const message = await this.#post(client, alert.channelId, rendered);
      logger.info({ channel: message.channelId, ts: message.ts }, 'alert message posted');
      await this.#alerts.recordSynced(alert.id, this.#owner, { ...sync, message });
      return message;
    }
    if (alert.revision <= alert.syncedRevision) return alert.message;
    if (hash === alert.syncedHash) {
      await this.#alerts.recordSynced(alert.id, this.#owner, sync);
      return alert.message;
    }
    const cosmetic = keyHash === alert.syncedKeyHash;
    const recent = alert.syncedAt !== null && now.getTime() - alert.syncedAt.getTime() < COSMETIC_UPDATE_MS;
    if (cosmetic && recent) return alert.message;
    try {
      await client.chat.update({
        channel: alert.message.channelId,
        ts: alert.message.ts,
        text: rendered.text,
        blocks: rendered.blocks,
      });
      await this.#alerts.recordSynced(alert.id, this.#owner, sync);
      return alert.message;
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code || !messageGone.has(code) || snoozed) throw error;
      logger.warn({ slackError: code }, 'the alert message is gone; posting a new one');
      const message = await this.#post(client, alert.channelId, rendered);
      await this.#alerts.recordSynced(alert.id, this.#owner, { ...sync, message });
      return message;
    }
  }

  async #deliverReplies(
    client: SlackClient,
    alert: AlertRecord,
    replies: readonly AlertReply[],
    message: AlertRecord['message'],
    logger: Logger,
  ): Promise<void> {
    const muted = isSnoozed(alert, this.#alerts.now());
    for (const reply of replies) {
      const text = buildAlertReply(alert, reply);
      // Dropped: replies of an earlier incident, with no message to hang under, and the alert's own news (resolved,
      // firing again) while it is snoozed. What people did (a remedy proposed) is always told.
      const silenced = muted && reply.kind !== 'remedy';
      if (text && message && !silenced && reply.incident === alert.incident) {
        await client.chat.postMessage({ channel: message.channelId, thread_ts: message.ts, text });
        logger.info({ reply: reply.kind }, 'alert thread reply posted');
      }
      await this.#alerts.markReplyDelivered(reply.id);
    }
  }

  async #post(client: SlackClient, channel: string, rendered: SlackMessage) {
    const response = await client.chat.postMessage({ channel, text: rendered.text, blocks: rendered.blocks });
    if (!response.ts) throw new Error('chat.postMessage returned no ts');
    // Slack answers with the channel id even when we posted to a #name; chat.update needs the id.
    return { channelId: response.channel ?? channel, ts: response.ts };
  }
}

/** What makes a redraw urgent: everything but the metric's latest value and trend. */
function significantState(alert: AlertRecord): string {
  const details =
    alert.details.kind === 'metric' ? { ...alert.details, value: null, trend: [] } : (alert.details as unknown);
  return canonicalJson({
    phase: alert.phase,
    incident: alert.incident,
    reopenCount: alert.reopenCount,
    severity: alert.severity,
    title: alert.title,
    ackedBy: alert.ackedBy,
    snoozedUntil: alert.snoozedUntil,
    silenceIds: alert.silenceIds,
    details,
  });
}

/** Block ids change with every revision; the content is what decides whether Slack needs an edit. */
function withoutBlockIds(message: SlackMessage): unknown {
  return { text: message.text, blocks: message.blocks.map(({ block_id: _id, ...rest }) => rest) };
}

const notifiers = new WeakMap<AlertService, AlertNotifier>();

/** One notifier per AlertService (per process), shared by the background loop and the button handlers. */
export function alertNotifierFor(alerts: AlertService, logger: Logger): AlertNotifier {
  let notifier = notifiers.get(alerts);
  if (!notifier) {
    notifier = new AlertNotifier(alerts, logger.child({ component: 'alert-notifier' }));
    notifiers.set(alerts, notifier);
  }
  return notifier;
}
