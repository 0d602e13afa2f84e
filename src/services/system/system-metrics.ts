import { distance } from 'fastest-levenshtein';
import { METRIC_NAMES, type MetricName, type MetricPoint } from '../pipeline/metrics.js';
import { UserError } from '../user-error.js';

/** managealooma's `system_metric_info` defaults (MA system.py:52-56): five metrics over the last 60 minutes. */
export const DEFAULT_METRICS: readonly MetricName[] = [
  'EVENTS_IN_PIPELINE',
  'UNMAPPED_EVENTS',
  'IGNORED_EVENTS',
  'ERROR_EVENTS',
  'LOADED_EVENTS_RATE',
];
export const DEFAULT_MINUTES = 60;
/** A week: the longest window the metrics answer is asked for. */
export const MAX_MINUTES = 7 * 24 * 60;
/** About this many buckets per series: enough for a sparkline and a chart, few enough for one line of text. */
const TARGET_POINTS = 60;

/** One metric over the window, with its summary; the numbers are null when the pipeline reported no value. */
export interface MetricSummary {
  metric: MetricName;
  points: readonly MetricPoint[];
  min: number | null;
  avg: number | null;
  max: number | null;
  last: number | null;
}

export interface MetricsReport {
  minutes: number;
  resolutionMinutes: number;
  metrics: MetricSummary[];
}

/** Metric names from `A,B` (case-insensitive, duplicates dropped); a UserError naming an unknown one and the closest. */
export function parseMetricNames(text: string): MetricName[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UserError('no_metrics', 'Give at least one metric name.');
  const known = new Set<string>(METRIC_NAMES);
  for (const name of names) {
    if (!known.has(name)) {
      const closest = [...METRIC_NAMES].sort((a, b) => distance(a, name) - distance(b, name))[0];
      throw new UserError(
        'unknown_metric',
        `Unknown metric \`${name}\` (did you mean ${closest}?). Metrics: ${METRIC_NAMES.join(', ')}.`,
      );
    }
  }
  return [...new Set(names)] as MetricName[];
}

/** A window in whole minutes, 1 to a week. */
export function checkMinutes(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    throw new UserError('bad_minutes', `Minutes must be a whole number from 1 to ${MAX_MINUTES} (a week).`);
  }
  return minutes;
}

/** The bucket size that gives about TARGET_POINTS points over the window. */
export function resolutionFor(minutes: number): number {
  return Math.max(1, Math.ceil(minutes / TARGET_POINTS));
}

export function summarise(metric: MetricName, points: readonly MetricPoint[]): MetricSummary {
  const values = points.map(([value]) => value).filter((value): value is number => value !== null);
  const last = [...points].reverse().find(([value]) => value !== null)?.[0] ?? null;
  if (values.length === 0) return { metric, points, min: null, avg: null, max: null, last: null };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
  }
  return { metric, points, min, avg: sum / values.length, max, last };
}
