import { Cron } from 'croner';
import cronstrue from 'cronstrue';

/** managealooma's default: every 15 minutes. */
export const DEFAULT_CONSOLIDATION_CRON = '*/15 * * * *';

export type CronCheck = { ok: true; expression: string } | { ok: false; problem: string };

/**
 * A consolidation's `run_at`: a standard five-field cron expression (minute hour day-of-month month day-of-week),
 * in UTC. Validated with croner; six- or seven-field forms (seconds, years) are refused, as Alooma's are five.
 */
export function checkCron(input: string): CronCheck {
  const expression = input.trim().replace(/\s+/g, ' ');
  const fields = expression === '' ? 0 : expression.split(' ').length;
  if (fields !== 5) {
    return {
      ok: false,
      problem: `\`${input}\` has ${fields} field${fields === 1 ? '' : 's'}; a cron expression has 5 (minute hour day-of-month month day-of-week), e.g. "*/15 * * * *"`,
    };
  }
  try {
    new Cron(expression, { timezone: 'UTC', paused: true });
  } catch (error) {
    return {
      ok: false,
      problem: `\`${input}\` is not a valid cron expression: ${(error as Error).message.replace(/^CronPattern: /, '')}`,
    };
  }
  return { ok: true, expression };
}

/** `Every 15 minutes`. */
export function describeCron(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return expression;
  }
}

/** The next `count` runs after `from`, in UTC. */
export function nextRuns(expression: string, from: Date, count = 3): Date[] {
  return new Cron(expression, { timezone: 'UTC', paused: true }).nextRuns(count, from);
}

/** `Every 15 minutes (UTC) · next: 2026-01-01 00:15, 00:30, 00:45 UTC`-style lines for a card. */
export function scheduleLines(expression: string, from: Date): string[] {
  const runs = nextRuns(expression, from).map((run) => `${run.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  return [`\`${expression}\`: ${describeCron(expression)} (UTC)`, `Next runs: ${runs.join(', ')}`];
}
