/** Small statistics for benchmark figures: percentiles (nearest rank), medians of rounds, and their printing. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const max = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : Math.max(...values));

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** One printed line: the figure, the target and whether it is met. */
export function figureLine(label: string, figure: string, target: string, met: boolean | null): string {
  const verdict = met === null ? '' : met ? '  ok' : '  MISSED';
  return `  ${label.padEnd(52)} ${figure.padStart(22)}   target ${target}${verdict}`;
}
