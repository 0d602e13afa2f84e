import type { Logger } from 'pino';
import type { DriftService } from '../../services/drift/drift-service.js';
import type { SlackClient } from '../handler-deps.js';
import { driftNotifierFor } from './drift-notifier.js';

export interface DriftJobOptions {
  drift: DriftService;
  client: SlackClient;
  /** Where drift messages go: the alerts channel. */
  channel: string;
  intervalMs: number;
  logger: Logger;
}

/**
 * The background drift check (PIPEOPS_DRIFT_INTERVAL_MINUTES): read the pipeline, record drifts, post or update
 * their messages. Runs never overlap; a failed run is logged and the next one retries. Returns a stop function.
 */
export function startDriftJob(options: DriftJobOptions): { stop(): void; runOnce(): Promise<void> } {
  const { drift, client, channel, logger } = options;
  const notifier = driftNotifierFor(drift, logger);
  let busy = false;
  const runOnce = async () => {
    if (busy) return;
    busy = true;
    try {
      await drift.checkNow();
      await notifier.syncAll(client, channel);
    } catch (error) {
      logger.error({ err: error }, 'drift check failed; will retry');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
