import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { MetricBreakdown, MetricName, MetricPoint, MetricSeries } from '../pipeline/metrics.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { ServiceLogger } from '../service-logger.js';
import type { AlertRecord, MetricAlertDetails } from './alert-record.js';
import { listAlertsBySource } from './alert-store.js';
import { writeAlertChange } from './alert-writes.js';
import { canonicalJson } from './canonical-json.js';
import { CONSOLIDATION_ERRORS, consolidationErrorSeries } from './consolidation-error-series.js';
import {
  type AlertDecision,
  type AlertTimeline,
  nextTimeline,
  resolveTimeline,
  sameTimeline,
} from './evaluation/alert-transition.js';
import { evaluateCondition, type Observation } from './evaluation/evaluate-condition.js';
import { metricUnit } from './metric-units.js';
import { type AlertRule, describeCondition } from './rules/alert-rule.js';

export interface AlertEvaluatorOptions {
  db: Database;
  /** `listConsolidations` is read only when a `consolidation_error` rule is configured. */
  pipeline: Pick<PipelineProvider, 'getMetrics'> & Partial<Pick<PipelineProvider, 'listConsolidations'>>;
  rules: readonly AlertRule[];
  /** Where alerts of rules without a channel go. */
  defaultChannel: string;
  clock: Clock;
  logger: ServiceLogger;
  /** Datapoints kept for the message's trend (default 15, one a minute). */
  trendPoints?: number;
}

export interface TickSummary {
  /** Series evaluated (rule × series pairs). */
  evaluated: number;
  fired: number;
  reopened: number;
  resolved: number;
  /** Writes skipped because another process changed the alert first. */
  lostRaces: number;
  /** Breakdowns whose metrics could not be read this tick (their rules were skipped). */
  unavailable: string[];
}

/** The evaluated state of one (rule, series): what is to be written, if anything. */
interface PlannedChange {
  row: AlertRecord | undefined;
  key: string;
  rule: AlertRule | undefined;
  subject: string | null;
  timeline: AlertTimeline;
  decision: AlertDecision;
  details: MetricAlertDetails | undefined;
}

const BREAKDOWNS: readonly (MetricBreakdown | null)[] = [null, 'input', 'event_type'];
const MINUTE = 60_000;

/**
 * Polls the pipeline's metrics and moves every (rule, series) alert through the state machine
 * (evaluation/alert-transition.ts), storing the result. It decides; it does not talk to Slack: the stored
 * revision and reply outbox tell the notifier what to post. Safe to run in several processes at once.
 */
export class AlertEvaluator {
  readonly #options: AlertEvaluatorOptions;
  readonly #rules: readonly AlertRule[];

  constructor(options: AlertEvaluatorOptions) {
    this.#options = options;
    this.#rules = options.rules;
  }

  get rules(): readonly AlertRule[] {
    return this.#rules;
  }

  /** One evaluation of every rule. */
  async tick(): Promise<TickSummary> {
    const { db, clock } = this.#options;
    const now = clock.now();
    const summary: TickSummary = { evaluated: 0, fired: 0, reopened: 0, resolved: 0, lostRaces: 0, unavailable: [] };
    const fetched = await this.#fetchSeries(summary);
    const rows = new Map((await listAlertsBySource(db, 'rule')).map((row) => [row.key, row]));
    const changes = this.plan(fetched, rows, now.getTime(), summary);
    for (const change of changes) await this.#persist(change, now, summary);
    return summary;
  }

  /**
   * The pure part of a tick (exposed for the benchmark): observations → state machine → the changes to write.
   * `fetched` maps each breakdown to its series (undefined: unavailable this tick).
   */
  plan(
    fetched: ReadonlyMap<MetricBreakdown | null, FetchedSeries>,
    rows: ReadonlyMap<string, AlertRecord>,
    nowMs: number,
    summary: TickSummary,
  ): PlannedChange[] {
    const changes: PlannedChange[] = [];
    const visited = new Set<string>();
    for (const rule of this.#rules) {
      const group = fetched.get(rule.scope.by);
      if (!group) continue;
      for (const [subject, points] of seriesForRule(rule, group, rows)) {
        summary.evaluated++;
        const key = alertKey(rule.id, rule.scope.by, subject);
        visited.add(key);
        const row = rows.get(key);
        const observation = evaluateCondition(rule.condition, points, group.asOfSeconds);
        const { timeline, decision } = nextTimeline(row, observation.status, rule, nowMs);
        if (!row && timeline.phase === 'inactive') continue;
        const shows = timeline.phase === 'firing' || timeline.phase === 'pending' || decision !== 'none';
        const details = shows
          ? metricDetails(rule, subject, points, observation, this.#options.trendPoints ?? 15)
          : undefined;
        const changed =
          !row ||
          !sameTimeline(row, timeline) ||
          (details !== undefined && canonicalJson(details) !== canonicalJson(row.details));
        if (changed) changes.push({ row, key, rule, subject, timeline, decision, details });
      }
    }
    // Alerts of rules that are gone from the configuration: resolved with a note, never left firing.
    const ruleIds = new Set(this.#rules.map((rule) => rule.id));
    for (const row of rows.values()) {
      if (visited.has(row.key) || (row.ruleId !== null && ruleIds.has(row.ruleId))) continue;
      if (row.phase !== 'firing' && row.phase !== 'pending') continue;
      const details =
        row.details.kind === 'metric'
          ? { ...row.details, note: 'The rule was removed from the configuration.' }
          : undefined;
      const timeline =
        row.phase === 'firing'
          ? resolveTimeline(row, nowMs)
          : { ...row, phase: 'inactive' as const, pendingSince: null };
      changes.push({
        row,
        key: row.key,
        rule: undefined,
        subject: row.subject,
        timeline,
        decision: row.phase === 'firing' ? 'resolve' : 'cancel',
        details,
      });
    }
    return changes;
  }

  async #fetchSeries(summary: TickSummary): Promise<Map<MetricBreakdown | null, FetchedSeries>> {
    const fetched = new Map<MetricBreakdown | null, FetchedSeries>();
    const trendMinutes = this.#options.trendPoints ?? 15;
    for (const by of BREAKDOWNS) {
      const rules = this.#rules.filter((rule) => rule.scope.by === by);
      if (rules.length === 0) continue;
      const metrics = [...new Set(rules.map((rule) => rule.metric))].filter(
        (metric) => metric !== CONSOLIDATION_ERRORS,
      ) as MetricName[];
      const watchesConsolidations = rules.some((rule) => rule.metric === CONSOLIDATION_ERRORS);
      const minutes = Math.max(trendMinutes, ...rules.map((rule) => Math.ceil(rule.condition.windowMs / MINUTE))) + 1;
      try {
        const series =
          metrics.length === 0
            ? []
            : await this.#options.pipeline.getMetrics({
                metrics,
                minutes,
                resolutionMinutes: 1,
                ...(by ? { by } : {}),
              });
        if (by && series.some((s) => s.tags[by] === undefined)) {
          throw new Error(
            `the pipeline answered by=${by} without per-${by} series (it does not support the breakdown)`,
          );
        }
        const { listConsolidations } = this.#options.pipeline;
        if (watchesConsolidations && listConsolidations) {
          const pipeline = {
            listConsolidations: (eventType?: string) => listConsolidations.call(this.#options.pipeline, eventType),
          };
          series.push(...(await consolidationErrorSeries(pipeline, this.#options.clock.now())));
        }
        fetched.set(by, indexSeries(series, by));
      } catch (error) {
        summary.unavailable.push(by ?? 'total');
        this.#options.logger.warn(
          { err: error, breakdown: by ?? 'total', metrics },
          'could not read metrics; their alert rules were not evaluated this time',
        );
      }
    }
    return fetched;
  }

  async #persist(change: PlannedChange, now: Date, summary: TickSummary): Promise<void> {
    const { row, rule, decision } = change;
    const written = await writeAlertChange(
      this.#options.db,
      {
        row,
        identity: { key: change.key, source: 'rule', ruleId: rule?.id ?? row?.ruleId ?? null, subject: change.subject },
        presentation: rule
          ? { severity: rule.severity, title: rule.title, channelId: rule.channel ?? this.#options.defaultChannel }
          : {
              severity: row?.severity ?? 'warning',
              title: row?.title ?? change.key,
              channelId: row?.channelId ?? this.#options.defaultChannel,
            },
        timeline: change.timeline,
        decision,
        details: change.details,
      },
      now,
    );
    if (!written) {
      summary.lostRaces++;
      return;
    }
    if (decision === 'fire') summary.fired++;
    if (decision === 'reopen') summary.reopened++;
    if (decision === 'resolve') summary.resolved++;
    if (decision !== 'none') {
      this.#options.logger.info({ alert: written.key, decision, incident: written.incident }, 'alert state changed');
    }
  }
}

/** Series of one breakdown, indexed by metric, with the pipeline's "now" (its newest bucket). */
export interface FetchedSeries {
  asOfSeconds: number;
  byMetric: Map<string, Map<string | null, readonly MetricPoint[]>>;
}

export function indexSeries(series: readonly MetricSeries[], by: MetricBreakdown | null): FetchedSeries {
  let asOfSeconds = 0;
  const byMetric = new Map<string, Map<string | null, readonly MetricPoint[]>>();
  for (const s of series) {
    const newest = s.points.at(-1)?.[1];
    if (newest !== undefined && newest > asOfSeconds) asOfSeconds = newest;
    const subject = by ? (s.tags[by] ?? null) : null;
    let subjects = byMetric.get(s.metric);
    if (!subjects) {
      subjects = new Map();
      byMetric.set(s.metric, subjects);
    }
    subjects.set(subject, s.points);
  }
  return { asOfSeconds, byMetric };
}

/** Alert key of a (rule, series): `rule:<id>` or `rule:<id>:input=<name>`. */
export function alertKey(ruleId: string, by: MetricBreakdown | null, subject: string | null): string {
  return by && subject !== null ? `rule:${ruleId}:${by}=${subject}` : `rule:${ruleId}`;
}

/**
 * The series a rule watches. A named total or input missing from the answer is an empty series (an `absent` rule
 * fires, the others see no data); with `*`, only the series present (plus no-data for alerts already open).
 */
function seriesForRule(
  rule: AlertRule,
  group: FetchedSeries,
  rows: ReadonlyMap<string, AlertRecord>,
): [subject: string | null, points: readonly MetricPoint[]][] {
  const subjects = group.byMetric.get(rule.metric);
  if (rule.scope.by === null) return [[null, subjects?.get(null) ?? []]];
  if (rule.scope.match !== '*') return [[rule.scope.match, subjects?.get(rule.scope.match) ?? []]];
  const out: [string | null, readonly MetricPoint[]][] = [];
  for (const [subject, points] of subjects ?? []) if (subject !== null) out.push([subject, points]);
  return out.concat(openAlertsWithoutSeries(rule, subjects, rows));
}

function openAlertsWithoutSeries(
  rule: AlertRule,
  subjects: ReadonlyMap<string | null, readonly MetricPoint[]> | undefined,
  rows: ReadonlyMap<string, AlertRecord>,
): [string | null, readonly MetricPoint[]][] {
  const out: [string | null, readonly MetricPoint[]][] = [];
  for (const row of rows.values()) {
    if (row.ruleId !== rule.id || row.subject === null || subjects?.has(row.subject)) continue;
    // An input that disappeared: no data, so the alert keeps its state (an absent rule would fire for it).
    if (rule.condition.kind !== 'absent') out.push([row.subject, []]);
  }
  return out;
}

function metricDetails(
  rule: AlertRule,
  subject: string | null,
  points: readonly MetricPoint[],
  observation: Observation,
  trendPoints: number,
): MetricAlertDetails {
  const value = observation.value !== null && Number.isFinite(observation.value) ? observation.value : null;
  const valueKind =
    rule.condition.kind !== 'change'
      ? 'level'
      : rule.condition.unit === 'percent'
        ? 'percent_change'
        : 'absolute_change';
  return {
    kind: 'metric',
    ruleId: rule.id,
    metric: rule.metric,
    unit: metricUnit(rule.metric),
    ...(rule.scope.by && subject !== null ? { subject: { by: rule.scope.by, name: subject } } : {}),
    condition: describeCondition(rule.condition),
    value,
    valueKind,
    trend: points.slice(-trendPoints).map(([v, t]) => [v, t] as const),
    ...(rule.description ? { description: rule.description } : {}),
    links: rule.links,
    ...(rule.remedy === 'pause_input' && rule.scope.by === 'input' && subject !== null
      ? { remedy: { kind: 'pause_input' as const, input: subject } }
      : {}),
    ...(rule.metric === CONSOLIDATION_ERRORS && subject !== null
      ? { remedy: { kind: 'show_consolidation' as const, eventType: subject } }
      : {}),
  };
}
