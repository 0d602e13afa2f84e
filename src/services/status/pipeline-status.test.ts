import { describe, expect, it } from 'vitest';
import type { AlertService } from '../alerts/alert-service.js';
import type { ChangeService } from '../changes/change-service.js';
import type { InputCatalog } from '../inputs/input-catalog.js';
import type { MetricSeries, MetricsQuery } from '../pipeline/metrics.js';
import { PipelineStatusService } from './pipeline-status.js';

const inputs = {
  list: async () => [{ id: '1', name: 'orders', type: 'ODBC', paused: false }],
} as unknown as InputCatalog;
const alerts = { listFiring: async () => [] } as unknown as AlertService;
const changes = { listPending: async () => [] } as unknown as ChangeService;
const series = (metric: string, values: (number | null)[], tags = {}): MetricSeries => ({
  metric,
  tags,
  points: values.map((value, i) => [value, 60 * i] as const),
});

describe('PipelineStatusService', () => {
  it('averages per-input throughput per minute, ignoring gaps', async () => {
    const status = new PipelineStatusService({
      pipeline: {
        getMetrics: async () => [
          series('INCOMING_EVENTS', [100, null, 300], { input: 'orders' }),
          series('ERROR_EVENTS', [null, null], { input: 'orders' }),
        ],
      },
      inputs,
      alerts,
      changes,
    });
    const overview = await status.overview();
    expect(overview.inputs[0]?.throughput).toEqual({ eventsIn: 200, loaded: null, errors: null });
    expect(overview.notes).toEqual([]);
  });

  it('falls back to pipeline-wide numbers when the pipeline has no per-input breakdown', async () => {
    const asked: MetricsQuery[] = [];
    const status = new PipelineStatusService({
      pipeline: {
        getMetrics: async (query) => {
          asked.push(query);
          return [series('INCOMING_EVENTS', [50]), series('LOADED_EVENTS_RATE', [40]), series('ERROR_EVENTS', [1])];
        },
      },
      inputs,
      alerts,
      changes,
    });
    const overview = await status.overview();
    expect(asked.map((q) => q.by)).toEqual(['input', undefined]);
    expect(overview.inputs[0]?.throughput).toBeNull();
    expect(overview.total).toEqual({ eventsIn: 50, loaded: 40, errors: 1 });
    expect(overview.notes).toEqual([
      'Per-input throughput unavailable (the pipeline does not report metrics by input); pipeline-wide numbers instead.',
    ]);
  });
});
