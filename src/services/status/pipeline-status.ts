import type { AlertRecord } from '../alerts/alert-record.js';
import type { AlertService } from '../alerts/alert-service.js';
import type { ChangeRequest } from '../changes/change-request.js';
import type { ChangeService } from '../changes/change-service.js';
import type { ConsolidationCatalog } from '../consolidations/consolidation-catalog.js';
import type { InputCatalog } from '../inputs/input-catalog.js';
import type { ConsolidationQuery } from '../pipeline/consolidation-schemas.js';
import type { MetricPoint, MetricSeries } from '../pipeline/metrics.js';
import type { PipelineProvider } from '../pipeline/provider.js';

/** Recent throughput of one input (or the whole pipeline): per-minute averages; null when not reported. */
export interface Throughput {
  eventsIn: number | null;
  loaded: number | null;
  errors: number | null;
}

export interface InputStatus {
  name: string;
  type: string;
  paused: boolean;
  throughput: Throughput | null;
}

export interface PipelineOverview {
  /** Minutes the throughput averages cover. */
  windowMinutes: number;
  inputs: InputStatus[];
  /** Pipeline-wide throughput (shown when there is no per-input breakdown). */
  total: Throughput | null;
  /** Why some numbers are missing, fit to show. */
  notes: string[];
  firing: AlertRecord[];
  pending: ChangeRequest[];
  /** Consolidation queries whose last run failed (`error_message` set); empty when they could not be read. */
  failingConsolidations: ConsolidationQuery[];
}

const WINDOW_MINUTES = 15;
const THROUGHPUT_METRICS = ['INCOMING_EVENTS', 'LOADED_EVENTS_RATE', 'ERROR_EVENTS'] as const;

/** The one-message overview behind `/pipeline status`: inputs and their throughput, firing alerts, pending changes. */
export class PipelineStatusService {
  readonly #pipeline: Pick<PipelineProvider, 'getMetrics'>;
  readonly #inputs: InputCatalog;
  readonly #alerts: AlertService;
  readonly #changes: ChangeService;
  readonly #consolidations: ConsolidationCatalog | undefined;

  constructor(options: {
    pipeline: Pick<PipelineProvider, 'getMetrics'>;
    inputs: InputCatalog;
    alerts: AlertService;
    changes: ChangeService;
    consolidations?: ConsolidationCatalog;
  }) {
    this.#pipeline = options.pipeline;
    this.#inputs = options.inputs;
    this.#alerts = options.alerts;
    this.#changes = options.changes;
    this.#consolidations = options.consolidations;
  }

  /** Inputs are required (a pipeline error rejects); missing metrics only leave notes. */
  async overview(): Promise<PipelineOverview> {
    const [inputs, firing, pending, byInput, consolidations] = await Promise.all([
      this.#inputs.list(),
      this.#alerts.listFiring(10),
      this.#changes.listPending(10),
      this.#metrics('input'),
      this.#failingConsolidations(),
    ]);
    const notes: string[] = consolidations.ok ? [] : [`Consolidation queries unavailable: ${consolidations.reason}`];
    let total: Throughput | null = null;
    if (!byInput.ok) {
      const totals = await this.#metrics(null);
      total = totals.ok ? throughputOf(totals.series) : null;
      notes.push(
        totals.ok
          ? `Per-input throughput unavailable (${byInput.reason}); pipeline-wide numbers instead.`
          : `Throughput unavailable: ${totals.reason}`,
      );
    }
    return {
      windowMinutes: WINDOW_MINUTES,
      inputs: inputs.map((input) => ({
        name: input.name,
        type: input.type,
        paused: input.paused === true,
        throughput: byInput.ok ? throughputOf(byInput.series.filter((s) => s.tags.input === input.name)) : null,
      })),
      total,
      notes,
      firing,
      pending,
      failingConsolidations: consolidations.ok ? consolidations.queries : [],
    };
  }

  async #failingConsolidations(): Promise<{ ok: true; queries: ConsolidationQuery[] } | { ok: false; reason: string }> {
    if (!this.#consolidations) return { ok: true, queries: [] };
    try {
      return { ok: true, queries: await this.#consolidations.inErrorState() };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async #metrics(by: 'input' | null): Promise<{ ok: true; series: MetricSeries[] } | { ok: false; reason: string }> {
    try {
      const series = await this.#pipeline.getMetrics({
        metrics: [...THROUGHPUT_METRICS],
        minutes: WINDOW_MINUTES,
        resolutionMinutes: 1,
        ...(by ? { by } : {}),
      });
      if (by && series.some((s) => s.tags[by] === undefined)) {
        return { ok: false, reason: 'the pipeline does not report metrics by input' };
      }
      return { ok: true, series };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

function throughputOf(series: readonly MetricSeries[]): Throughput {
  const average = (metric: string) => mean(series.find((s) => s.metric === metric)?.points ?? []);
  return {
    eventsIn: average('INCOMING_EVENTS'),
    loaded: average('LOADED_EVENTS_RATE'),
    errors: average('ERROR_EVENTS'),
  };
}

function mean(points: readonly MetricPoint[]): number | null {
  let sum = 0;
  let count = 0;
  for (const [value] of points) {
    if (value === null) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : sum / count;
}
