import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; Slack wants an ack within 3 s, so the buckets are fine below that. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

export type SlackRequestType = 'command' | 'action' | 'view' | 'shortcut' | 'event' | 'options' | 'other';
export type DatabaseOperation = 'query' | 'exec' | 'transaction';

/** How /metrics learns the alerts firing now: read at scrape time, so every replica reports the shared truth. */
export type FiringAlertsSource = () => Promise<{ source: string; severity: string; count: number }[]>;

/**
 * The bot's Prometheus metrics, on a registry of its own (tests build several). Services never see this: the
 * pipeline and database are decorated (instrumented-pipeline.ts, instrumented-database.ts) and Slack traffic is
 * observed at the Bolt app (slack-instrumentation.ts).
 */
export class PipeopsMetrics {
  readonly registry = new Registry();

  readonly slackRequests = new Counter({
    name: 'pipeops_slack_requests_total',
    help: 'Slack commands, actions, views and events handled, by type, name and outcome (ok: listener finished, error: it threw).',
    labelNames: ['type', 'name', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly ackLatency = new Histogram({
    name: 'pipeops_slack_ack_seconds',
    help: 'Time from a Slack request reaching Bolt to its acknowledgement, by request type.',
    labelNames: ['type'] as const,
    buckets: ACK_BUCKETS,
    registers: [this.registry],
  });

  readonly inFlight = new Gauge({
    name: 'pipeops_slack_requests_in_flight',
    help: 'Slack requests whose listeners are still running.',
    registers: [this.registry],
  });

  readonly changeTransitions = new Counter({
    name: 'pipeops_change_transitions_total',
    help: 'Change requests reaching a state (pending on proposal, then approved, applying, applied, …), by kind.',
    labelNames: ['kind', 'transition'] as const,
    registers: [this.registry],
  });

  readonly changeRefusals = new Counter({
    name: 'pipeops_change_refusals_total',
    help: 'Approve/reject/cancel/re-check attempts refused (not allowed, already decided, busy, …), by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly slackApiLatency = new Histogram({
    name: 'pipeops_slack_api_seconds',
    help: 'Latency of HTTP calls to Slack (Web API methods, response_url replies), from the request sent to the answer read, by method and status.',
    labelNames: ['method', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly pipelineCalls = new Counter({
    name: 'pipeops_pipeline_calls_total',
    help: 'Calls to the pipeline API, by HTTP method, endpoint template and status (HTTP status, or an error code).',
    labelNames: ['method', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });

  readonly pipelineLatency = new Histogram({
    name: 'pipeops_pipeline_call_seconds',
    help: 'Latency of calls to the pipeline API (retries included), by HTTP method, endpoint template and status.',
    labelNames: ['method', 'endpoint', 'status'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });

  readonly alertEvaluations = new Counter({
    name: 'pipeops_alert_evaluations_total',
    help: 'Alert rule evaluations (one per rule and series per run).',
    registers: [this.registry],
  });

  readonly alertRuns = new Counter({
    name: 'pipeops_alert_runs_total',
    help: 'Runs of the alerting loop, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly alertTransitions = new Counter({
    name: 'pipeops_alert_transitions_total',
    help: 'Metric alerts that fired, re-opened or resolved during evaluation, by transition.',
    labelNames: ['transition'] as const,
    registers: [this.registry],
  });

  readonly databaseLatency = new Histogram({
    name: 'pipeops_db_seconds',
    help: 'Database statements and transactions, by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: DB_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    // Standard names (process_cpu_seconds_total, nodejs_eventloop_lag_seconds, …), as dashboards expect.
    collectDefaultMetrics({ register: this.registry });
  }

  /** `pipeops_alerts_firing{source,severity}`: read from the database at each scrape. */
  observeFiringAlerts(read: FiringAlertsSource): void {
    new Gauge({
      name: 'pipeops_alerts_firing',
      help: 'Alerts firing now (metric rules and Alertmanager groups), by source and severity.',
      labelNames: ['source', 'severity'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await read()) this.set({ source: row.source, severity: row.severity }, row.count);
      },
    });
  }

  /** The exposition text and its content type, for GET /metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
