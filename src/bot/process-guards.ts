import type { Logger } from 'pino';

/** What the guards need of `process`: its events. A test passes an EventEmitter. */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/**
 * Logs a promise nobody awaited or an exception nobody caught, and keeps the process serving. Without these,
 * Node ends the process on either, and one malformed request (Bolt's receiver rejects on a `payload=null`
 * body) would take the bot down for everyone. Every state change is a conditional write in a transaction, so
 * an interrupted handler leaves nothing half-done to protect by exiting.
 */
export function installProcessGuards(target: ProcessEvents, logger: Logger): void {
  target.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (kept serving)');
  });
  target.on('uncaughtException', (error) => {
    logger.error({ err: error }, 'uncaught exception (kept serving)');
  });
}
