import { describe, expect, it } from 'vitest';
import { formatMetricValue } from '../alerts/format-metric-value.js';
import { formatMetricNumber } from './metric-number.js';

describe('formatMetricNumber', () => {
  it('groups digits in the usual range and switches to engineering form outside it', () => {
    expect(formatMetricNumber(1234.56)).toBe('1,234.6');
    expect(formatMetricNumber(0)).toBe('0');
    expect(formatMetricNumber(999_999_999_999)).toBe('999,999,999,999');
    expect(formatMetricNumber(1e12)).toBe('1.0e12');
    expect(formatMetricNumber(1e308)).toBe('1.0e308');
    expect(formatMetricNumber(-2.5e15)).toBe('-2.5e15');
    expect(formatMetricNumber(0.01)).toBe('0');
    expect(formatMetricNumber(0.009)).toBe('9.0e-3');
    expect(formatMetricNumber(-2.5e-7)).toBe('-2.5e-7');
    expect(formatMetricNumber(Number.MIN_VALUE)).toBe('4.9e-324');
  });

  it('words what is not a number instead of ∞ or NaN', () => {
    expect(formatMetricNumber(Number.POSITIVE_INFINITY)).toBe('overflow');
    expect(formatMetricNumber(Number.NEGATIVE_INFINITY)).toBe('-overflow');
    expect(formatMetricNumber(Number.NaN)).toBe('not a number');
  });

  it('keeps the unit of a huge value as it is (∞ ms is not ∞ min) and scales the rest', () => {
    expect(formatMetricValue(1e308, 'events/min')).toBe('1.0e308 events/min');
    expect(formatMetricValue(Number.POSITIVE_INFINITY, 'ms')).toBe('overflow ms');
    expect(formatMetricValue(Number.NaN, 'bytes')).toBe('not a number');
    expect(formatMetricValue(1e300, 'bytes')).toBe('9.1e287 TB');
    expect(formatMetricValue(90_000, 'ms')).toBe('1.5 min');
  });
});
