import { z } from 'zod';
import { MetricNameSchema } from '../pipeline/metrics.js';
import { describeIssue } from './describe-issue.js';
import { badRequest } from './sandbox-http-error.js';
import {
  clearMetricLevels,
  parseMetricsRequest,
  readMetrics,
  SANDBOX_STATUS_TYPES,
  setMetricLevel,
} from './sandbox-metrics.js';
import { pathParam, type Route } from './sandbox-router.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * REST routes for system metrics (alooma-api.md §6-§7 plus pipeops' `by=` extension, see pipeline/metrics.ts):
 * - `GET metrics?metrics=A,B&from=-<m>min&resolution=<r>min[&by=input|event_type]`: Graphite-style series
 * - `GET status-types`: `{code: description}` (codes chosen by the sandbox, see SANDBOX_STATUS_TYPES)
 */
export function createMetricRoutes(state: SandboxState, now: () => number = Date.now): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'metrics',
      handler: (request) => {
        const query = parseMetricsRequest(request.query);
        return { status: 200, body: state.read((data) => readMetrics(data, query, now())) };
      },
    },
    { method: 'GET', pattern: 'status-types', handler: () => ({ status: 200, body: SANDBOX_STATUS_TYPES }) },
  ];
}

const LevelBodySchema = z.strictObject({
  value: z.number().min(0).nullable(),
  input: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  minutesAgo: z.number().min(0).optional(),
});

/**
 * Controls under `/__sandbox/` to drive the metrics in tests and demos:
 * - `GET metrics`: the levels set so far
 * - `PUT metrics/:metric` `{"value": 500, "input"?: "<id or name>", "eventType"?: "<name>", "minutesAgo"?: 10}`:
 *   from now (or backdated) the series reports this level (per minute for counts; null = no data)
 * - `DELETE metrics`: every series back to its baseline
 */
export function createMetricControlRoutes(state: SandboxState, now: () => number = Date.now): Route[] {
  return [
    { method: 'GET', pattern: 'metrics', handler: () => ({ status: 200, body: state.read((d) => d.metrics.levels) }) },
    {
      method: 'PUT',
      pattern: 'metrics/:metric',
      handler: (request) => {
        const metric = MetricNameSchema.safeParse(pathParam(request, 'metric'));
        if (!metric.success) throw badRequest(`Unknown metric '${pathParam(request, 'metric')}'`);
        const body = LevelBodySchema.safeParse(request.body);
        if (!body.success) {
          throw badRequest(
            `Expected {"value": number|null, "input"?, "eventType"?, "minutesAgo"?}: ${describeIssue(body.error)}`,
          );
        }
        const level = state.mutate((data) => setMetricLevel(data, { metric: metric.data, ...body.data }, now()));
        return { status: 200, body: level };
      },
    },
    {
      method: 'DELETE',
      pattern: 'metrics',
      handler: () => {
        state.mutate(clearMetricLevels);
        return { status: 200, body: { cleared: true } };
      },
    },
  ];
}
