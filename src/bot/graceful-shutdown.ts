import type { Logger } from 'pino';
import type { InFlightRequests } from './observability/in-flight-requests.js';

/** Kept for the last steps (closing the database releases the data directory's lock) out of the whole bound. */
const CLOSING_RESERVE_MS = 2_000;

export interface ShutdownPlan {
  /** Stops taking requests: the HTTP server stops accepting, the socket to Slack is closed. */
  stopIntake(): Promise<void>;
  /** The requests whose listeners are still running (an approval in the middle of its apply). */
  inFlight: InFlightRequests;
  /** Then, in order: timers, alerting, the operator server… (the database is closed by the caller, last). */
  release: (() => Promise<void> | void)[];
}

/**
 * SIGTERM: stop taking requests, give the running ones the time left (an apply cut off here is not lost: its
 * request stays `applying` and the next start settles it from what the pipeline shows), then release everything.
 * A hard deadline of `timeoutMs` from the signal ends the process with exit code 1 if any of this hangs.
 */
export async function shutDownGracefully(plan: ShutdownPlan, timeoutMs: number, logger: Logger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());
  armHardDeadline(timeoutMs, logger);
  await withinMs(plan.stopIntake(), Math.max(0, left() - CLOSING_RESERVE_MS)).catch((error: unknown) =>
    logger.warn({ err: error }, 'stopping the Slack intake failed; going on'),
  );
  const running = plan.inFlight.size;
  if (running > 0) {
    logger.info({ running }, 'waiting for Slack requests in progress');
    const drained = await plan.inFlight.drain(left() - CLOSING_RESERVE_MS);
    if (!drained) {
      logger.warn(
        { running: plan.inFlight.size, timeoutMs },
        'shutdown bound reached with requests still running; an apply cut off is settled at the next start',
      );
    }
  }
  for (const step of plan.release) {
    try {
      await step();
    } catch (error) {
      logger.warn({ err: error }, 'a shutdown step failed; going on');
    }
  }
}

let hardDeadline: NodeJS.Timeout | null = null;

function armHardDeadline(timeoutMs: number, logger: Logger): void {
  if (hardDeadline) return;
  hardDeadline = setTimeout(() => {
    logger.error({ timeoutMs }, 'shutdown did not finish within PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS; exiting');
    process.stderr.write(`pipeops: shutdown did not finish within ${Math.round(timeoutMs / 1000)} s; exiting\n`);
    process.exit(1);
  }, timeoutMs);
  // The deadline must not be what keeps the process alive once everything is closed.
  hardDeadline.unref();
}

/** Called once main() returned: the process exits 0 now, even if a stray handle (a keep-alive socket) lingers. */
export function exitAfterCleanShutdown(): void {
  if (hardDeadline) clearTimeout(hardDeadline);
  process.exitCode = 0;
  setTimeout(() => process.exit(0), 1_000).unref();
}

function withinMs<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
