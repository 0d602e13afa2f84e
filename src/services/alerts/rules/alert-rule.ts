import { z } from 'zod';
import { BREAKABLE_METRICS, METRIC_NAMES, type MetricBreakdown, type MetricName } from '../../pipeline/metrics.js';
import { CONSOLIDATION_ERRORS } from '../consolidation-error-series.js';
import { DurationSchema, formatDuration } from './duration.js';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const AGGREGATES = ['last', 'avg', 'min', 'max', 'sum'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const DIRECTIONS = ['up', 'down', 'any'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The remedies an alert can propose through the change workflow. */
export const REMEDIES = ['pause_input'] as const;
export type Remedy = (typeof REMEDIES)[number];

export type AlertCondition =
  | {
      kind: 'threshold';
      op: 'above' | 'below';
      threshold: number;
      aggregate: Aggregate;
      windowMs: number;
    }
  | { kind: 'absent'; windowMs: number }
  | { kind: 'change'; direction: Direction; amount: number; unit: 'percent' | 'absolute'; windowMs: number };

/** Which series a rule watches: the pipeline-wide total, or per input / event type (one name, or `*` for each). */
export type AlertScope = { by: null } | { by: MetricBreakdown; match: string };

export interface AlertLink {
  title: string;
  url: string;
}

/** A validated rule, as the evaluator uses it. */
export interface AlertRule {
  id: string;
  title: string;
  description?: string;
  /** A pipeline metric, or the pseudo-metric of `consolidation_error` rules (see consolidation-error-series.ts). */
  metric: MetricName | typeof CONSOLIDATION_ERRORS;
  scope: AlertScope;
  condition: AlertCondition;
  /** The condition must hold this long (across evaluations) before the alert fires. */
  forMs: number;
  /** A firing alert resolves only after its condition has been clear this long (flap damping). */
  resolveAfterMs: number;
  /** Firing again within this long after resolving reopens the same Slack message instead of posting anew. */
  reopenWindowMs: number;
  severity: Severity;
  /** Slack channel id (C…/G…) or #name; unset: the default channel. */
  channel?: string;
  remedy?: Remedy;
  links: AlertLink[];
}

/** Longest window a rule may look back over (the evaluator fetches this much history). */
export const MAX_WINDOW_MS = 24 * 3_600_000;

const ChannelSchema = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/, 'expected a channel id (C…, G…) or #channel-name');

const LinkSchema = z.strictObject({
  title: z.string().min(1).max(60),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
});

const WindowSchema = DurationSchema.refine((ms) => ms >= 60_000 && ms <= MAX_WINDOW_MS, {
  message: 'must be between 1m and 24h',
});

const SettingsShape = {
  channel: ChannelSchema.optional(),
  resolveAfter: DurationSchema.optional(),
  reopenWindow: DurationSchema.optional(),
};

const CommonShape = {
  id: z
    .string({ error: 'required: a short name such as error-events' })
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lower-case letters, digits, - and _ (at most 63)'),
  title: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(500).optional(),
  metric: z.enum(METRIC_NAMES, {
    error: (issue) => `unknown metric ${JSON.stringify(issue.input)}; one of: ${METRIC_NAMES.join(', ')}`,
  }),
  input: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  for: DurationSchema.optional(),
  severity: z.enum(SEVERITIES).default('warning'),
  remedy: z.enum(REMEDIES).optional(),
  links: z.array(LinkSchema).max(5).default([]),
  ...SettingsShape,
};

const ThresholdShape = {
  threshold: z.number({ error: 'required: the number to compare with' }),
  aggregate: z.enum(AGGREGATES).default('last'),
  over: WindowSchema.default(5 * 60_000),
};

const RuleSchema = z.discriminatedUnion(
  'when',
  [
    z.strictObject({ ...CommonShape, when: z.literal('above'), ...ThresholdShape }),
    z.strictObject({ ...CommonShape, when: z.literal('below'), ...ThresholdShape }),
    z.strictObject({
      ...CommonShape,
      when: z.literal('absent'),
      over: WindowSchema.describe('how long without data'),
    }),
    // Fires per event type whose consolidation query is in error state (`error_message` set); no metric.
    z.strictObject({
      id: CommonShape.id,
      title: CommonShape.title,
      description: CommonShape.description,
      when: z.literal('consolidation_error'),
      eventType: z.string().min(1).default('*'),
      for: DurationSchema.optional(),
      severity: z.enum(SEVERITIES).default('critical'),
      links: CommonShape.links,
      ...SettingsShape,
    }),
    z.strictObject({
      ...CommonShape,
      when: z.literal('change'),
      by: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?%$/, 'expected e.g. 200% or 5000')]),
      direction: z.enum(DIRECTIONS).default('up'),
      over: WindowSchema,
    }),
  ],
  { error: 'when must be one of: above, below, absent, change, consolidation_error' },
);
type RawRule = z.output<typeof RuleSchema>;

export const AlertRulesFileSchema = z
  .strictObject({
    defaults: z.strictObject(SettingsShape).default({}),
    rules: z.array(RuleSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      const at = (key: string) => ['rules', index, key];
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate id '${rule.id}'` });
      seen.add(rule.id);
      if (rule.when === 'consolidation_error') return;
      if (rule.input !== undefined && rule.eventType !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: at('eventType'),
          message: 'a rule filters by input or by eventType, not both',
        });
      }
      const scoped = rule.input !== undefined || rule.eventType !== undefined;
      if (scoped && !BREAKABLE_METRICS.has(rule.metric)) {
        ctx.addIssue({
          code: 'custom',
          path: at(rule.input !== undefined ? 'input' : 'eventType'),
          message: `${rule.metric} is pipeline-wide only; per input or event type: ${[...BREAKABLE_METRICS].join(', ')}`,
        });
      }
      if (rule.remedy === 'pause_input' && rule.input === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: at('remedy'),
          message: 'pause_input needs an input filter (input: <name> or "*")',
        });
      }
    });
  });
export type AlertRulesFile = z.input<typeof AlertRulesFileSchema>;

const DEFAULT_RESOLVE_AFTER_MS = 5 * 60_000;
const DEFAULT_REOPEN_WINDOW_MS = 60 * 60_000;

/** Validated file → rules with every default filled in. */
export function normalizeRules(file: z.output<typeof AlertRulesFileSchema>): AlertRule[] {
  return file.rules.map((rule) => normalizeRule(rule, file.defaults));
}

function normalizeRule(rule: RawRule, defaults: z.output<typeof AlertRulesFileSchema>['defaults']): AlertRule {
  if (rule.when === 'consolidation_error') return normalizeConsolidationRule(rule, defaults);
  const condition = conditionOf(rule);
  const scope: AlertScope =
    rule.input !== undefined
      ? { by: 'input', match: rule.input }
      : rule.eventType !== undefined
        ? { by: 'event_type', match: rule.eventType }
        : { by: null };
  const channel = rule.channel ?? defaults.channel;
  return {
    id: rule.id,
    title: rule.title ?? `${rule.metric} ${describeCondition(condition)}`,
    ...(rule.description ? { description: rule.description } : {}),
    metric: rule.metric,
    scope,
    condition,
    forMs: rule.for ?? 0,
    resolveAfterMs: rule.resolveAfter ?? defaults.resolveAfter ?? DEFAULT_RESOLVE_AFTER_MS,
    reopenWindowMs: rule.reopenWindow ?? defaults.reopenWindow ?? DEFAULT_REOPEN_WINDOW_MS,
    severity: rule.severity,
    ...(channel ? { channel } : {}),
    ...(rule.remedy ? { remedy: rule.remedy } : {}),
    links: rule.links,
  };
}

/** `consolidation_error`: the pseudo-metric is 1 while the query is in error, so "above 0" fires. */
function normalizeConsolidationRule(
  rule: Extract<RawRule, { when: 'consolidation_error' }>,
  defaults: z.output<typeof AlertRulesFileSchema>['defaults'],
): AlertRule {
  const channel = rule.channel ?? defaults.channel;
  return {
    id: rule.id,
    title: rule.title ?? 'Consolidation query in error',
    ...(rule.description ? { description: rule.description } : {}),
    metric: CONSOLIDATION_ERRORS,
    scope: { by: 'event_type', match: rule.eventType },
    condition: { kind: 'threshold', op: 'above', threshold: 0, aggregate: 'last', windowMs: 60_000 },
    forMs: rule.for ?? 0,
    resolveAfterMs: rule.resolveAfter ?? defaults.resolveAfter ?? DEFAULT_RESOLVE_AFTER_MS,
    reopenWindowMs: rule.reopenWindow ?? defaults.reopenWindow ?? DEFAULT_REOPEN_WINDOW_MS,
    severity: rule.severity,
    ...(channel ? { channel } : {}),
    links: rule.links,
  };
}

function conditionOf(rule: Exclude<RawRule, { when: 'consolidation_error' }>): AlertCondition {
  switch (rule.when) {
    case 'above':
    case 'below':
      return {
        kind: 'threshold',
        op: rule.when,
        threshold: rule.threshold,
        aggregate: rule.aggregate,
        windowMs: rule.over,
      };
    case 'absent':
      return { kind: 'absent', windowMs: rule.over };
    case 'change': {
      const percent = typeof rule.by === 'string';
      const amount = typeof rule.by === 'string' ? Number(rule.by.slice(0, -1)) : rule.by;
      return {
        kind: 'change',
        direction: rule.direction,
        amount,
        unit: percent ? 'percent' : 'absolute',
        windowMs: rule.over,
      };
    }
  }
}

/** `above 100 (sum over 5m)`, `absent for 15m`, `up by 200% within 30m`. */
export function describeCondition(condition: AlertCondition): string {
  switch (condition.kind) {
    case 'threshold': {
      const how =
        condition.aggregate === 'last'
          ? 'latest value'
          : `${condition.aggregate} over ${formatDuration(condition.windowMs)}`;
      return `${condition.op} ${formatNumber(condition.threshold)} (${how})`;
    }
    case 'absent':
      return `absent for ${formatDuration(condition.windowMs)}`;
    case 'change': {
      const amount =
        condition.unit === 'percent' ? `${formatNumber(condition.amount)}%` : formatNumber(condition.amount);
      const direction = condition.direction === 'any' ? 'changes' : condition.direction;
      return `${direction} by ${amount} within ${formatDuration(condition.windowMs)}`;
    }
  }
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
