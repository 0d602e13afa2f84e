import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../pipeline/metrics.js';
import type { AlertCondition } from '../rules/alert-rule.js';
import { evaluateCondition } from './evaluate-condition.js';

const NOW = 1_800_000_000 - (1_800_000_000 % 60);
/** One point a minute, oldest first, ending at NOW. */
const minutes = (...values: (number | null)[]): MetricPoint[] =>
  values.map((value, index) => [value, NOW - (values.length - 1 - index) * 60] as const);

const above = (threshold: number, aggregate: 'last' | 'avg' | 'min' | 'max' | 'sum' = 'last', windowMin = 5) =>
  ({ kind: 'threshold', op: 'above', threshold, aggregate, windowMs: windowMin * 60_000 }) as const;

describe('evaluateCondition', () => {
  it('thresholds: above/below on the latest value, a gap is not a zero', () => {
    expect(evaluateCondition(above(100), minutes(1, 2, 150), NOW)).toEqual({ status: 'breach', value: 150 });
    expect(evaluateCondition(above(100), minutes(1, 150, null), NOW)).toEqual({ status: 'breach', value: 150 });
    expect(evaluateCondition(above(100), minutes(150, 100), NOW)).toEqual({ status: 'clear', value: 100 });
    const below: AlertCondition = {
      kind: 'threshold',
      op: 'below',
      threshold: 1,
      aggregate: 'last',
      windowMs: 300_000,
    };
    expect(evaluateCondition(below, minutes(5, 0), NOW)).toEqual({ status: 'breach', value: 0 });
    expect(evaluateCondition(below, minutes(null, null), NOW)).toEqual({ status: 'nodata', value: null });
    expect(evaluateCondition(below, [], NOW)).toEqual({ status: 'nodata', value: null });
  });

  it('thresholds: aggregates over the window only (older points ignored)', () => {
    const points = minutes(1000, 1000, 10, 20, 30, null, 40, 50);
    // Window 5m: buckets after NOW-5min, i.e. the last five: 20, 30, null, 40, 50.
    expect(evaluateCondition(above(100, 'sum'), points, NOW)).toEqual({ status: 'breach', value: 140 });
    expect(evaluateCondition(above(100, 'avg'), points, NOW)).toEqual({ status: 'clear', value: 35 });
    expect(evaluateCondition(above(45, 'max'), points, NOW)).toEqual({ status: 'breach', value: 50 });
    expect(evaluateCondition(above(19, 'min'), points, NOW)).toEqual({ status: 'breach', value: 20 });
    expect(evaluateCondition(above(999, 'max', 10), points, NOW)).toEqual({ status: 'breach', value: 1000 });
  });

  it('absent: breach when the window holds no value at all, whatever the values were before', () => {
    const absent: AlertCondition = { kind: 'absent', windowMs: 3 * 60_000 };
    expect(evaluateCondition(absent, minutes(5, 5, null, null, null), NOW)).toEqual({ status: 'breach', value: null });
    expect(evaluateCondition(absent, [], NOW)).toEqual({ status: 'breach', value: null });
    expect(evaluateCondition(absent, minutes(5, null, 0, null), NOW)).toEqual({ status: 'clear', value: 0 });
  });

  it('rate of change: percent or absolute, by direction, first vs last value in the window', () => {
    const up: AlertCondition = { kind: 'change', direction: 'up', amount: 200, unit: 'percent', windowMs: 600_000 };
    expect(evaluateCondition(up, minutes(100, null, 250, 300), NOW)).toEqual({ status: 'breach', value: 200 });
    expect(evaluateCondition(up, minutes(100, 299), NOW)).toEqual({ status: 'clear', value: 199 });
    expect(evaluateCondition(up, minutes(300, 100), NOW).status).toBe('clear');
    const down = { ...up, direction: 'down' as const, amount: 50 };
    expect(evaluateCondition(down, minutes(300, 100), NOW)).toMatchObject({ status: 'breach' });
    const any = { ...up, direction: 'any' as const, unit: 'absolute' as const, amount: 5000 };
    expect(evaluateCondition(any, minutes(9000, 3000), NOW)).toEqual({ status: 'breach', value: -6000 });
    expect(evaluateCondition(any, minutes(9000, 5000), NOW)).toEqual({ status: 'clear', value: -4000 });
  });

  it('rate of change: from zero is an infinite rise, and one value is not enough to tell', () => {
    const up: AlertCondition = { kind: 'change', direction: 'up', amount: 300, unit: 'percent', windowMs: 600_000 };
    expect(evaluateCondition(up, minutes(0, 5), NOW)).toEqual({ status: 'breach', value: Number.POSITIVE_INFINITY });
    expect(evaluateCondition(up, minutes(0, 0), NOW)).toEqual({ status: 'clear', value: 0 });
    expect(evaluateCondition(up, minutes(null, 5), NOW)).toEqual({ status: 'nodata', value: null });
  });
});
