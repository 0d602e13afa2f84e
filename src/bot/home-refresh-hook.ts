import type { Logger } from 'pino';

/**
 * A background loop's `onHomeMayChange` hook as a call that never throws into the loop: an exception is logged and
 * the loop goes on (housekeeping, alerting).
 */
export function homeRefreshHook(hook: (() => void) | undefined, logger: Logger): () => void {
  return () => {
    try {
      hook?.();
    } catch (error) {
      logger.warn({ err: error }, 'could not ask for a Home tab refresh');
    }
  };
}
