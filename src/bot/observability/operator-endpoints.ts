import type { App, CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Database } from '../../services/db/database.js';
import type { PipelineProvider } from '../../services/pipeline/provider.js';
import type { Services } from '../../services/services.js';
import type { AlertingOptions } from '../alerts/alerting.js';
import type { Config } from '../config.js';
import { type OperatorEndpoints, operatorRoutes } from '../http/health-routes.js';
import { startOperatorServer } from '../http/health-server.js';
import { observeChangeTransitions } from './change-transition-metrics.js';
import { firingAlertsFrom } from './firing-alerts.js';
import { InFlightRequests } from './in-flight-requests.js';
import { PipeopsMetrics } from './metrics.js';
import { createReadinessCheck } from './readiness.js';
import { socketModeConnection } from './slack-connection.js';
import type { SlackInstrumentation } from './slack-instrumentation.js';

/** How long /readyz waits for the database and the pipeline before calling them not ready. */
const READY_TIMEOUT_MS = 5_000;

export interface OperatorSurface {
  close(): Promise<void>;
}

/**
 * The operator's view of one process: metrics, in-flight requests (for the shutdown), and where /healthz, /readyz
 * and /metrics are served — Bolt custom routes on the Slack port in HTTP mode, PIPEOPS_HTTP_HOST:PORT otherwise.
 * Built before the Bolt app (HTTP mode needs the routes at construction), completed by `serve` once it runs.
 */
export class Observability {
  readonly metrics = new PipeopsMetrics();
  readonly inFlight = new InFlightRequests();
  readonly #config: Config;
  #endpoints: OperatorEndpoints | null = null;
  #slackConnected: (() => boolean) | null = null;

  constructor(config: Config) {
    this.#config = config;
  }

  /** For wireSlackApp: what observes each Slack request. */
  get instrumentation(): SlackInstrumentation {
    return { metrics: this.metrics, inFlight: this.inFlight };
  }

  /** HTTP mode: the endpoints as Bolt custom routes (they answer 503 "starting" until `serve`). */
  get customRoutes(): CustomRoute[] {
    return this.#config.slack.mode === 'http' ? operatorRoutes(() => this.#endpoints) : [];
  }

  /** The services as the Slack side uses them, change transitions counted. */
  observeServices(services: Services): Services {
    return { ...services, changes: observeChangeTransitions(services.changes, this.metrics) };
  }

  /** For the alerting loop: each run's outcome and evaluation summary. */
  readonly onAlertRun: NonNullable<AlertingOptions['onRun']> = (outcome, summary) => {
    this.metrics.alertRuns.inc({ outcome });
    if (!summary) return;
    this.metrics.alertEvaluations.inc(summary.evaluated);
    if (summary.fired > 0) this.metrics.alertTransitions.inc({ transition: 'fired' }, summary.fired);
    if (summary.reopened > 0) this.metrics.alertTransitions.inc({ transition: 'reopened' }, summary.reopened);
    if (summary.resolved > 0) this.metrics.alertTransitions.inc({ transition: 'resolved' }, summary.resolved);
  };

  /** Socket Mode: follow the connection from before `app.start()`, so that /readyz knows when it is up. */
  watchSlack(app: App): void {
    if (this.#config.slack.mode === 'socket') this.#slackConnected = socketModeConnection(app) ?? (() => false);
  }

  /** Turns the endpoints on: HTTP mode's routes answer from now on; otherwise their own server starts (if asked). */
  async serve(deps: { db: Database; pipeline: PipelineProvider; logger: Logger }): Promise<OperatorSurface> {
    this.metrics.observeFiringAlerts(firingAlertsFrom(deps.db));
    this.#endpoints = {
      metrics: this.metrics,
      readiness: createReadinessCheck({
        db: deps.db,
        pipeline: deps.pipeline,
        ...(this.#slackConnected ? { slackConnected: this.#slackConnected } : {}),
        timeoutMs: READY_TIMEOUT_MS,
      }),
    };
    const paths = '/healthz, /readyz, /metrics';
    if (this.#config.slack.mode === 'http') {
      deps.logger.info({ paths }, 'operator endpoints served on the Slack HTTP port');
      return { close: async () => {} };
    }
    const where = this.#config.operatorHttp;
    if (!where) {
      deps.logger.info({ paths }, 'operator endpoints off: set PIPEOPS_HTTP_PORT to serve them');
      return { close: async () => {} };
    }
    const server = await startOperatorServer({ ...where, endpoints: this.#endpoints });
    deps.logger.info({ url: server.url, paths }, 'operator endpoints listening');
    return server;
  }
}
