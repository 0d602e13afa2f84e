import type { MetricName } from '../pipeline/metrics.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import {
  checkMinutes,
  DEFAULT_METRICS,
  DEFAULT_MINUTES,
  type MetricsReport,
  resolutionFor,
  summarise,
} from './system-metrics.js';

/** A sample status code and what it means. */
export interface StatusCode {
  code: string;
  description: string;
}

/** Read-only questions about the pipeline as a whole (managealooma's System): status codes and metrics. */
export class SystemInfo {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  async statusCodes(): Promise<StatusCode[]> {
    const types = await this.#pipeline.getStatusTypes();
    return Object.entries(types)
      .map(([code, description]) => ({ code, description }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** The metrics (default: managealooma's five) over the last `minutes` (default 60), summarised per metric. */
  async metrics(metrics: readonly MetricName[] = DEFAULT_METRICS, minutes = DEFAULT_MINUTES): Promise<MetricsReport> {
    const window = checkMinutes(minutes);
    const resolutionMinutes = resolutionFor(window);
    const series = await this.#pipeline.getMetrics({ metrics, minutes: window, resolutionMinutes });
    return {
      minutes: window,
      resolutionMinutes,
      // In the order asked; a metric the pipeline left out shows as "no data" rather than disappearing.
      metrics: metrics.map((metric) =>
        summarise(metric, series.find((s) => s.metric === metric && Object.keys(s.tags).length === 0)?.points ?? []),
      ),
    };
  }
}
