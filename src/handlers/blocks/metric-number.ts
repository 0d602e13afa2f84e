/** Below this (and above 0) a value would round to `0`; from the upper bound on it would print as a wall of digits. */
const SMALLEST_PLAIN = 0.01;
const LARGEST_PLAIN = 1e12;

/**
 * A metric value as people read it: `1,234.5` in the usual range, engineering form outside it (`1.0e308`, not 309
 * digits; `2.5e-7`, not `0`), and words for what is not a number, so that no card shows `∞/min` or `NaN events`.
 * Pipelines report whatever their counters hold, and the sandbox lets anyone set any value.
 */
export function formatMetricNumber(value: number, maximumFractionDigits = 1): string {
  if (Number.isNaN(value)) return 'not a number';
  // An infinity is an overflow somewhere (a sum of huge levels), not a measured value: say so rather than guess.
  if (!Number.isFinite(value)) return value > 0 ? 'overflow' : '-overflow';
  const magnitude = Math.abs(value);
  if (magnitude >= LARGEST_PLAIN || (magnitude > 0 && magnitude < SMALLEST_PLAIN)) {
    // toExponential writes `1.0e+308`; the `+` says nothing.
    return value.toExponential(1).replace('e+', 'e');
  }
  return value.toLocaleString('en-US', { maximumFractionDigits });
}
