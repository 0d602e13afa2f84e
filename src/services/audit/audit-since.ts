import { parseDuration } from '../alerts/rules/duration.js';

/**
 * `--since` of `/pipeline audit` and `pipeops audit export`: a duration back from now (`30m`, `12h`, `2d`) or a date
 * (`2026-11-30`, an ISO time). Undefined when the text is neither.
 */
export function parseSince(text: string, now: Date): Date | undefined {
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export const SINCE_HINT = 'a duration such as 30m, 12h or 2d, or a date such as 2026-11-30';
