import type { MetricPoint } from '../../pipeline/metrics.js';
import type { AlertCondition } from '../rules/alert-rule.js';

/** breach: the condition holds; clear: it does not; nodata: the window has too little data to tell. */
export type ObservationStatus = 'breach' | 'clear' | 'nodata';

export interface Observation {
  status: ObservationStatus;
  /**
   * What was compared: the aggregate for thresholds, the newest value for `absent` (null when absent), the
   * signed change (percent or absolute, as configured) for `change`. Null when there was nothing to compare.
   */
  value: number | null;
}

/**
 * Evaluates a rule's condition on one series. The window is the `windowMs` up to `asOfSeconds` (the newest
 * bucket the pipeline reported, so the pipeline's clock, not ours, decides what "the last 5 minutes" are).
 * Null datapoints are gaps: they never count as zero.
 */
export function evaluateCondition(
  condition: AlertCondition,
  points: readonly MetricPoint[],
  asOfSeconds: number,
): Observation {
  const from = asOfSeconds - condition.windowMs / 1000;
  switch (condition.kind) {
    case 'threshold': {
      const value = aggregate(condition.aggregate, points, from);
      if (value === null) return { status: 'nodata', value: null };
      const breach = condition.op === 'above' ? value > condition.threshold : value < condition.threshold;
      return { status: breach ? 'breach' : 'clear', value };
    }
    case 'absent': {
      const newest = aggregate('last', points, from);
      return newest === null ? { status: 'breach', value: null } : { status: 'clear', value: newest };
    }
    case 'change': {
      let first: number | null = null;
      let last: number | null = null;
      let count = 0;
      for (const [value, timestamp] of points) {
        if (value === null || timestamp <= from) continue;
        if (first === null) first = value;
        last = value;
        count++;
      }
      if (first === null || last === null || count < 2) return { status: 'nodata', value: null };
      const delta = last - first;
      const change =
        condition.unit === 'absolute'
          ? delta
          : first === 0
            ? delta === 0
              ? 0
              : Math.sign(delta) * Number.POSITIVE_INFINITY
            : (delta / Math.abs(first)) * 100;
      const size = condition.direction === 'up' ? change : condition.direction === 'down' ? -change : Math.abs(change);
      return { status: size >= condition.amount ? 'breach' : 'clear', value: change };
    }
  }
}

/** Aggregate of the non-null values after `from` (exclusive); null when there are none. */
function aggregate(
  kind: 'last' | 'avg' | 'min' | 'max' | 'sum',
  points: readonly MetricPoint[],
  from: number,
): number | null {
  let result: number | null = null;
  let count = 0;
  for (const [value, timestamp] of points) {
    if (value === null || timestamp <= from) continue;
    count++;
    if (result === null) {
      result = value;
      continue;
    }
    switch (kind) {
      case 'last':
        result = value;
        break;
      case 'min':
        result = Math.min(result, value);
        break;
      case 'max':
        result = Math.max(result, value);
        break;
      default:
        result += value;
    }
  }
  if (result !== null && kind === 'avg') return result / count;
  return result;
}
