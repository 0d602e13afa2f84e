import {
  BREAKABLE_METRICS,
  METRIC_NAMES,
  type MetricBreakdown,
  type MetricName,
  MetricNameSchema,
} from '../pipeline/metrics.js';
import type { SandboxData } from './sandbox-data.js';
import { badRequest, notFound } from './sandbox-http-error.js';
import { getInputByIdOrName } from './sandbox-inputs.js';
import type { SandboxMetricLevel } from './sandbox-metric-data.js';

/**
 * The sandbox's metrics: what `GET metrics` answers. Every series is a deterministic baseline (a per-series
 * level with a gentle hourly wave) unless a level was set for it, which then holds from its `since` on.
 * Choices where the reference is silent:
 * - counts (`*_EVENTS`, `EVENT_SIZE_TOTAL`) are per bucket: the per-minute level times the resolution;
 *   everything else (rates, latencies in ms, sizes in bytes, queue lengths) is a gauge: the level itself.
 *   `LOADED_EVENTS_RATE` is events loaded per minute.
 * - a pipeline-wide series of a breakable metric without its own level is the sum of the inputs' series.
 * - timestamps are bucket starts (epoch seconds) aligned to the resolution; the newest bucket holds "now".
 */

export interface SandboxMetricsRequest {
  metrics: MetricName[];
  minutes: number;
  resolutionMinutes: number;
  by?: MetricBreakdown;
}

export interface GraphiteSeries {
  target: string;
  tags?: Record<string, string>;
  datapoints: [number | null, number][];
}

/** Status codes the sandbox reports on `GET status-types` (codes chosen by the sandbox: unverified upstream). */
export const SANDBOX_STATUS_TYPES: Readonly<Record<string, string>> = {
  VALID: 'The event was transformed, mapped and loaded.',
  PARSE_ERROR: 'The event could not be parsed.',
  TRANSFORM_ERROR: 'The Code Engine transform raised an error for this event.',
  MAPPING_ERROR: 'The event does not fit its mapping (type or size mismatch).',
  UNMAPPED: 'The event type has no mapping yet (STRICT mode), so the event waits in the Restream Queue.',
  IGNORED: 'The event was discarded on purpose (its type or field is discarded).',
  LOAD_ERROR: 'The warehouse refused the load.',
};

const BASELINE: Readonly<Record<MetricName, number>> = {
  EVENT_SIZE_AVG: 850,
  EVENT_SIZE_TOTAL: 850 * 300,
  EVENT_PROCESSING_RATE: 1150,
  INCOMING_EVENTS: 300,
  RESTREAMED_EVENTS: 0,
  UNMAPPED_EVENTS: 1,
  IGNORED_EVENTS: 3,
  ERROR_EVENTS: 2,
  LOADED_EVENTS_RATE: 290,
  LATENCY_AVG: 4_000,
  LATENCY_PERCENTILE_50: 3_000,
  LATENCY_PERCENTILE_95: 12_000,
  LATENCY_MAX: 45_000,
  EVENTS_IN_PIPELINE: 1_500,
  EVENTS_IN_TRANSIT: 0,
};

const COUNT_METRICS: ReadonlySet<MetricName> = new Set<MetricName>([
  'INCOMING_EVENTS',
  'RESTREAMED_EVENTS',
  'UNMAPPED_EVENTS',
  'IGNORED_EVENTS',
  'ERROR_EVENTS',
  'EVENT_SIZE_TOTAL',
]);

/** Levels older than this are dropped, except the newest one of each series. */
const LEVEL_RETENTION_MS = 7 * 24 * 60 * 60_000;
const MAX_MINUTES = 7 * 24 * 60;
const MAX_POINTS_PER_SERIES = 10_080;

/** Parses and checks the query of `GET metrics`, with the reference client's wording for unknown names. */
export function parseMetricsRequest(query: URLSearchParams): SandboxMetricsRequest {
  const names = (query.get('metrics') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw badRequest('Query parameter metrics is required: comma-separated metric names');
  const unknown = names.filter((name) => !MetricNameSchema.safeParse(name).success);
  if (unknown.length > 0) {
    throw badRequest(
      `Metrics '${unknown.join(',')}' does not exist, please use one or more of these: [${METRIC_NAMES.join(', ')}]`,
    );
  }
  const minutes = minutesParam(query.get('from'), /^-(\d+)min$/, 'from', '-60min');
  const resolutionMinutes =
    query.get('resolution') === null
      ? minutes
      : minutesParam(query.get('resolution'), /^(\d+)min$/, 'resolution', '1min');
  if (minutes > MAX_MINUTES) throw badRequest(`from reaches back at most ${MAX_MINUTES} minutes`);
  if (Math.ceil(minutes / resolutionMinutes) > MAX_POINTS_PER_SERIES) {
    throw badRequest(`At most ${MAX_POINTS_PER_SERIES} datapoints per series: use a coarser resolution`);
  }
  const by = query.get('by');
  if (by !== null && by !== 'input' && by !== 'event_type') {
    throw badRequest(`Query parameter by must be 'input' or 'event_type', got '${by}'`);
  }
  const metrics = names as MetricName[];
  if (by !== null) {
    const flat = metrics.filter((metric) => !BREAKABLE_METRICS.has(metric));
    if (flat.length > 0) {
      throw badRequest(
        `Metrics '${flat.join(',')}' have no breakdown by ${by}; these do: ${[...BREAKABLE_METRICS].join(', ')}`,
      );
    }
  }
  return { metrics, minutes, resolutionMinutes, ...(by === null ? {} : { by }) };
}

function minutesParam(value: string | null, pattern: RegExp, name: string, example: string): number {
  const match = value === null ? null : pattern.exec(value);
  const minutes = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw badRequest(
      `Query parameter ${name} must look like '${example}', got ${value === null ? 'nothing' : `'${value}'`}`,
    );
  }
  return minutes;
}

/** The Graphite answer for a request at `nowMs`: one series per metric (per input / event type with `by`). */
export function readMetrics(
  data: Readonly<SandboxData>,
  request: SandboxMetricsRequest,
  nowMs: number,
): GraphiteSeries[] {
  const stepSeconds = request.resolutionMinutes * 60;
  const newest = Math.floor(nowMs / 1000 / stepSeconds) * stepSeconds;
  const count = Math.ceil(request.minutes / request.resolutionMinutes);
  const timestamps = Array.from({ length: count }, (_, index) => newest - (count - 1 - index) * stepSeconds);
  const inputNames = Object.values(data.inputs).map((input) => input.name);
  const series: GraphiteSeries[] = [];
  for (const metric of request.metrics) {
    if (request.by === undefined) {
      series.push({
        target: metric,
        datapoints: timestamps.map((t) => [totalValue(data, metric, inputNames, t, stepSeconds), t]),
      });
      continue;
    }
    const subjects = request.by === 'input' ? inputNames : Object.keys(data.eventTypes);
    for (const subject of [...subjects].sort()) {
      const key = request.by === 'input' ? { input: subject } : { eventType: subject };
      series.push({
        target: `${metric};${request.by}=${subject}`,
        tags: { name: metric, [request.by]: subject },
        datapoints: timestamps.map((t) => [seriesValue(data, metric, key, t, stepSeconds), t]),
      });
    }
  }
  return series;
}

interface SeriesKey {
  input?: string;
  eventType?: string;
}

function totalValue(
  data: Readonly<SandboxData>,
  metric: MetricName,
  inputNames: readonly string[],
  bucketStart: number,
  stepSeconds: number,
): number | null {
  const own = levelAt(data, metric, {}, bucketStart, stepSeconds);
  if (own !== undefined) return scale(metric, own.value, stepSeconds);
  if (!BREAKABLE_METRICS.has(metric) || inputNames.length === 0) {
    return scale(metric, baseline(metric, '', bucketStart), stepSeconds);
  }
  let sum: number | null = null;
  for (const input of inputNames) {
    const value = seriesValue(data, metric, { input }, bucketStart, stepSeconds);
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

function seriesValue(
  data: Readonly<SandboxData>,
  metric: MetricName,
  key: SeriesKey,
  bucketStart: number,
  stepSeconds: number,
): number | null {
  const own = levelAt(data, metric, key, bucketStart, stepSeconds);
  // A paused input sends, loads and fails nothing from the bucket it was paused in on, unless a level was
  // set for it after the pause.
  const pausedFrom = key.input === undefined ? undefined : pausedSince(data, key.input);
  if (
    pausedFrom !== undefined &&
    (bucketStart + stepSeconds) * 1000 > pausedFrom &&
    !(own && own.since >= pausedFrom)
  ) {
    return 0;
  }
  const level = own !== undefined ? own.value : baseline(metric, key.input ?? key.eventType ?? '', bucketStart);
  return scale(metric, level, stepSeconds);
}

/** When the input was paused (epoch ms; -Infinity when paused all along), or undefined when it runs. */
function pausedSince(data: Readonly<SandboxData>, inputName: string): number | undefined {
  const input = Object.values(data.inputs).find((candidate) => candidate.name === inputName);
  if (!input?.paused) return undefined;
  return data.metrics.pausedSince[inputName] ?? Number.NEGATIVE_INFINITY;
}

/** The newest level of the series set before the bucket ends; undefined when none was set. */
function levelAt(
  data: Readonly<SandboxData>,
  metric: MetricName,
  key: SeriesKey,
  bucketStart: number,
  stepSeconds: number,
): SandboxMetricLevel | undefined {
  const bucketEndMs = (bucketStart + stepSeconds) * 1000;
  let found: SandboxMetricLevel | undefined;
  for (const level of data.metrics.levels) {
    if (level.metric !== metric || level.input !== key.input || level.eventType !== key.eventType) continue;
    if (level.since < bucketEndMs && (!found || level.since >= found.since)) found = level;
  }
  return found;
}

function scale(metric: MetricName, level: number | null, stepSeconds: number): number | null {
  if (level === null) return null;
  return COUNT_METRICS.has(metric) ? Math.round(level * (stepSeconds / 60)) : level;
}

/**
 * A per-series level with a ±5 % hourly wave: the metric's base scaled by 0.5× to 1.5× per input or event type
 * (the same factor for every metric of it, so its numbers are consistent: loaded a little below incoming).
 */
function baseline(metric: MetricName, subject: string, bucketStart: number): number {
  const base = BASELINE[metric];
  if (base === 0) return 0;
  const factor = subject === '' ? 1 : 0.5 + (stableHash(subject) % 101) / 100;
  const phase = (stableHash(`${metric}/${subject}`) % 628) / 100;
  const wave = 1 + 0.05 * Math.sin((2 * Math.PI * bucketStart) / 3600 + phase);
  const value = base * factor * wave;
  return COUNT_METRICS.has(metric) ? Math.round(value) : Math.round(value * 10) / 10;
}

function stableHash(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

export interface SetMetricLevel {
  metric: MetricName;
  /** Per minute for counts; null makes the series report no data. */
  value: number | null;
  /** Input id or name: that input's series. */
  input?: string;
  /** Event-type name: that event type's series. */
  eventType?: string;
  /** Backdate the level, e.g. to give a rate-of-change rule its history (default 0: from now on). */
  minutesAgo?: number;
}

/** Records a level (from now, or backdated) and drops old levels. Returns what was stored. */
export function setMetricLevel(data: SandboxData, change: SetMetricLevel, nowMs: number): SandboxMetricLevel {
  if (change.input !== undefined && change.eventType !== undefined) {
    throw badRequest('A level is for an input or for an event type, not both');
  }
  if ((change.input !== undefined || change.eventType !== undefined) && !BREAKABLE_METRICS.has(change.metric)) {
    throw badRequest(`${change.metric} has no per-input or per-event-type series`);
  }
  if (change.value !== null && (!Number.isFinite(change.value) || change.value < 0)) {
    throw badRequest('A metric level must be a number ≥ 0 or null');
  }
  const minutesAgo = change.minutesAgo ?? 0;
  if (!Number.isFinite(minutesAgo) || minutesAgo < 0 || minutesAgo > MAX_MINUTES) {
    throw badRequest(`minutesAgo must be between 0 and ${MAX_MINUTES}`);
  }
  const level: SandboxMetricLevel = {
    metric: change.metric,
    value: change.value,
    since: nowMs - minutesAgo * 60_000,
  };
  if (change.input !== undefined) level.input = getInputByIdOrName(data, change.input).name;
  if (change.eventType !== undefined) {
    if (!data.eventTypes[change.eventType]) throw notFound(`No event type named '${change.eventType}'`);
    level.eventType = change.eventType;
  }
  data.metrics.levels.push(level);
  data.metrics.levels = pruneLevels(data.metrics.levels, nowMs);
  return level;
}

/** Every level back to the baseline. */
export function clearMetricLevels(data: SandboxData): void {
  data.metrics.levels = [];
}

function pruneLevels(levels: SandboxMetricLevel[], nowMs: number): SandboxMetricLevel[] {
  const newest = new Map<string, number>();
  const keyOf = (level: SandboxMetricLevel) => `${level.metric}|${level.input ?? ''}|${level.eventType ?? ''}`;
  for (const level of levels) newest.set(keyOf(level), Math.max(newest.get(keyOf(level)) ?? -Infinity, level.since));
  return levels.filter(
    (level) => level.since >= nowMs - LEVEL_RETENTION_MS || newest.get(keyOf(level)) === level.since,
  );
}
