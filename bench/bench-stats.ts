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

/** One bucket of a Prometheus histogram: observations ≤ `le` (cumulative), `le` in the histogram's unit. */
export interface HistogramBucket {
  le: number;
  count: number;
}

/**
 * The cumulative buckets of histogram `name` with the given labels, summed over its other labels, from a Prometheus
 * text exposition; empty when it has none.
 */
export function histogramBuckets(exposition: string, name: string, labels: Record<string, string>): HistogramBucket[] {
  const byLe = new Map<number, number>();
  for (const line of exposition.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== `${name}_bucket`) continue;
    const pairs = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).some(([key, value]) => pairs.get(key) !== value)) continue;
    const le = pairs.get('le') === '+Inf' ? Number.POSITIVE_INFINITY : Number(pairs.get('le'));
    byLe.set(le, (byLe.get(le) ?? 0) + Number(match[3]));
  }
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** `after - before`, bucket by bucket: the observations made between two scrapes. */
export function bucketsBetween(before: HistogramBucket[], after: HistogramBucket[]): HistogramBucket[] {
  const earlier = new Map(before.map((b) => [b.le, b.count]));
  return after.map((b) => ({ le: b.le, count: b.count - (earlier.get(b.le) ?? 0) }));
}

/** The q-quantile (0..1) as Prometheus's histogram_quantile computes it: linear within the bucket it falls in. */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number {
  const total = buckets[buckets.length - 1]?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lowerLe = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return lowerLe;
      return lowerLe + ((bucket.le - lowerLe) * (rank - lowerCount)) / Math.max(1, bucket.count - lowerCount);
    }
    lowerLe = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerLe;
}

/** The share of observations ≤ `le` (which must be a bucket bound). */
export function shareAtMost(le: number, buckets: readonly HistogramBucket[]): number {
  const total = buckets[buckets.length - 1]?.count ?? 0;
  return total === 0 ? Number.NaN : (buckets.find((b) => b.le === le)?.count ?? 0) / total;
}
