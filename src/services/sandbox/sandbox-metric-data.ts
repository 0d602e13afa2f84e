import { z } from 'zod';
import { MetricNameSchema } from '../pipeline/metrics.js';

/**
 * The sandbox's metrics as stored in its state: only what someone set (tests, demos, the console's
 * `sandbox metric`); everything else is a deterministic baseline computed on request (sandbox-metrics.ts).
 * A level holds from `since` until the next level of the same series.
 */
export const SandboxMetricLevelSchema = z.strictObject({
  metric: MetricNameSchema,
  /** Input name: the level of that input's series (`by=input`). */
  input: z.string().min(1).optional(),
  /** Event-type name: the level of that event type's series (`by=event_type`). */
  eventType: z.string().min(1).optional(),
  /** Per minute for counts, the value itself for gauges; null: no data (a gap). */
  value: z.number().nullable(),
  /** Epoch milliseconds. */
  since: z.number(),
});
export type SandboxMetricLevel = z.infer<typeof SandboxMetricLevelSchema>;

export const SandboxMetricsSchema = z.object({
  levels: z.array(SandboxMetricLevelSchema).default([]),
  /**
   * Input name → when it was paused (epoch ms). A paused input sends nothing from then on, so its flow
   * metrics read 0; an input that is paused without an entry (the seed) has been paused all along.
   */
  pausedSince: z.record(z.string(), z.number()).default({}),
});
export type SandboxMetrics = z.infer<typeof SandboxMetricsSchema>;
