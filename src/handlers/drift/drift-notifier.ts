import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { DriftService } from '../../services/drift/drift-service.js';
import type { SlackClient } from '../handler-deps.js';
import { buildDriftMessage } from './drift-blocks.js';

/**
 * Brings drift messages in line with their records: posts a drift's message once (in `channel`), edits it when the
 * drift changes or ends. Each record is handled under its message lease, so several processes never post twice, and
 * a restarted process finds the message already recorded.
 */
export class DriftNotifier {
  readonly #drift: DriftService;
  readonly #logger: Logger;
  readonly #owner = `drift-${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(drift: DriftService, logger: Logger) {
    this.#drift = drift;
    this.#logger = logger;
  }

  async syncAll(client: SlackClient, channel: string): Promise<void> {
    for (const id of await this.#drift.needingSync()) await this.syncOne(client, channel, id);
  }

  async syncOne(client: SlackClient, channel: string, id: number): Promise<void> {
    const record = await this.#drift.claimSync(id, this.#owner);
    if (!record) return;
    try {
      const rendered = buildDriftMessage(record);
      if (record.message) {
        await client.chat.update({
          channel: record.message.channelId,
          ts: record.message.ts,
          text: rendered.text,
          blocks: rendered.blocks,
        });
        await this.#drift.recordSynced(id, this.#owner, record.revision, null);
      } else if (record.drifted) {
        const posted = await client.chat.postMessage({ channel, text: rendered.text, blocks: rendered.blocks });
        if (!posted.ts) throw new Error('chat.postMessage returned no ts');
        await this.#drift.recordSynced(id, this.#owner, record.revision, {
          channelId: posted.channel ?? channel,
          ts: posted.ts,
        });
        this.#logger.info({ driftId: id, resource: record.resource }, 'drift message posted');
      } else {
        // Over before its message was posted: nothing to tell.
        await this.#drift.recordSynced(id, this.#owner, record.revision, null);
      }
    } catch (error) {
      this.#logger.error({ err: error, driftId: id }, 'could not post or update the drift message; will retry');
      await this.#drift.releaseSync(id, this.#owner);
    }
  }
}

const notifiers = new WeakMap<DriftService, DriftNotifier>();

/** One notifier per DriftService (per process), shared by the background job and the buttons. */
export function driftNotifierFor(drift: DriftService, logger: Logger): DriftNotifier {
  let notifier = notifiers.get(drift);
  if (!notifier) {
    notifier = new DriftNotifier(drift, logger.child({ component: 'drift-notifier' }));
    notifiers.set(drift, notifier);
  }
  return notifier;
}
