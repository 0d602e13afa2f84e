import type { MetricSeries } from '../pipeline/metrics.js';
import type { PipelineProvider } from '../pipeline/provider.js';

/**
 * The alert rule kind `consolidation_error` watches this pseudo-metric: per event type, 1 while its consolidation
 * query is in error state (`error_message` set), 0 otherwise. It is read from `GET v2/consolidation`, not from
 * `GET metrics`, so the evaluator's state machine, flap damping and messages apply to it unchanged.
 */
export const CONSOLIDATION_ERRORS = 'CONSOLIDATION_ERRORS';

export async function consolidationErrorSeries(
  pipeline: Pick<PipelineProvider, 'listConsolidations'>,
  now: Date,
): Promise<MetricSeries[]> {
  const at = Math.floor(now.getTime() / 60_000) * 60;
  return (await pipeline.listConsolidations()).map((query) => ({
    metric: CONSOLIDATION_ERRORS,
    tags: { event_type: query.event_type },
    points: [[query.error_message ? 1 : 0, at]],
  }));
}
