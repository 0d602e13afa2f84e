import { z } from 'zod';

/**
 * System metrics in the pipeline's HTTP contract (shared/reference/alooma-api.md §7):
 * `GET metrics?metrics=A,B&from=-<minutes>min&resolution=<r>min`, answered Graphite style:
 * `[{"target": "A", "datapoints": [[value|null, epochSeconds], ...]}, ...]`.
 *
 * pipeops extension (backward compatible): an optional `by=input` or `by=event_type` query parameter asks for
 * one series per (metric, input) or (metric, event type). Such series use Graphite's tagged-series notation:
 * `{"target": "ERROR_EVENTS;input=orders", "tags": {"name": "ERROR_EVENTS", "input": "orders"}, "datapoints": …}`.
 * Without `by` the request and the answer are exactly the documented ones; a server that ignores `by`
 * answers untagged totals, which the provider reports as "no breakdown" (see MetricSeries.tags).
 */

/** The reference client's METRICS_LIST (AP alooma.py:43-59); the server refuses other names. */
export const METRIC_NAMES = [
  'EVENT_SIZE_AVG',
  'EVENT_SIZE_TOTAL',
  'EVENT_PROCESSING_RATE',
  'INCOMING_EVENTS',
  'RESTREAMED_EVENTS',
  'UNMAPPED_EVENTS',
  'IGNORED_EVENTS',
  'ERROR_EVENTS',
  'LOADED_EVENTS_RATE',
  'LATENCY_AVG',
  'LATENCY_PERCENTILE_50',
  'LATENCY_PERCENTILE_95',
  'LATENCY_MAX',
  'EVENTS_IN_PIPELINE',
  'EVENTS_IN_TRANSIT',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export const MetricNameSchema = z.enum(METRIC_NAMES);

export const METRIC_BREAKDOWNS = ['input', 'event_type'] as const;
export type MetricBreakdown = (typeof METRIC_BREAKDOWNS)[number];

/** Metrics that can be attributed to one input or event type, so `by=…` is meaningful for them. */
export const BREAKABLE_METRICS: ReadonlySet<MetricName> = new Set<MetricName>([
  'INCOMING_EVENTS',
  'LOADED_EVENTS_RATE',
  'ERROR_EVENTS',
  'UNMAPPED_EVENTS',
  'IGNORED_EVENTS',
  'RESTREAMED_EVENTS',
]);

export interface MetricsQuery {
  metrics: readonly MetricName[];
  /** How far back: `from=-<minutes>min`. */
  minutes: number;
  /** Bucket size: `resolution=<r>min`; the reference client defaults it to `minutes` (one bucket). */
  resolutionMinutes?: number;
  /** pipeops extension: one series per input or event type. */
  by?: MetricBreakdown;
}

/** One datapoint: value (null when the pipeline has none for that bucket) and epoch **seconds**. */
export type MetricPoint = readonly [value: number | null, timestamp: number];

export interface MetricSeries {
  metric: string;
  /** `input` or `event_type` when the series is one of a breakdown; empty for a pipeline-wide total. */
  tags: Readonly<Partial<Record<MetricBreakdown, string>>>;
  /** Oldest first, as Graphite answers. */
  points: readonly MetricPoint[];
}

const DatapointSchema = z.tuple([z.number().nullable(), z.number()]);

export const MetricsResponseSchema = z.array(
  z.looseObject({
    target: z.string().min(1),
    tags: z.record(z.string(), z.string()).optional(),
    datapoints: z.array(DatapointSchema),
  }),
);

/**
 * `GET status-types`: sample status codes with their descriptions. The reference treats the answer as a dict
 * `{code: description}` (MA system.py:36-37); the concrete codes are unverified.
 */
export const StatusTypesResponseSchema = z.record(z.string(), z.string());
export type StatusTypes = z.infer<typeof StatusTypesResponseSchema>;

/** The query string of a metrics request. */
export function metricsQueryParams(query: MetricsQuery): Record<string, string> {
  if (query.metrics.length === 0) throw new TypeError('A metrics query needs at least one metric');
  const minutes = positiveMinutes(query.minutes, 'minutes');
  const resolution = positiveMinutes(query.resolutionMinutes ?? minutes, 'resolutionMinutes');
  return {
    metrics: query.metrics.join(','),
    from: `-${minutes}min`,
    resolution: `${resolution}min`,
    ...(query.by ? { by: query.by } : {}),
  };
}

function positiveMinutes(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a whole number of minutes ≥ 1`);
  return value;
}

/**
 * Normalises a Graphite answer: tags from `tags` (or from a tagged `target`, `NAME;key=value`), points sorted
 * oldest first. Tags other than the breakdowns are dropped; `name` becomes the metric.
 */
export function toMetricSeries(response: z.output<typeof MetricsResponseSchema>): MetricSeries[] {
  return response.map((entry) => {
    const [targetName = entry.target, ...pairs] = entry.target.split(';');
    const tagged: Record<string, string> = {};
    for (const pair of pairs) {
      const at = pair.indexOf('=');
      if (at > 0) tagged[pair.slice(0, at)] = pair.slice(at + 1);
    }
    Object.assign(tagged, entry.tags ?? {});
    const tags: Partial<Record<MetricBreakdown, string>> = {};
    for (const breakdown of METRIC_BREAKDOWNS) {
      const value = tagged[breakdown];
      if (value !== undefined) tags[breakdown] = value;
    }
    const points = entry.datapoints.slice().sort((a, b) => a[1] - b[1]);
    return { metric: tagged.name ?? targetName, tags, points };
  });
}
