import type { Logger } from 'pino';
import { alertNotifierFor } from '../../handlers/alerts/alert-notifier.js';
import type { SlackClient } from '../../handlers/handler-deps.js';
import { AlertEvaluator, type TickSummary } from '../../services/alerts/alert-evaluator.js';
import type { AlertmanagerWebhook } from '../../services/alerts/alertmanager/alertmanager-payload.js';
import type { AlertRule } from '../../services/alerts/rules/alert-rule.js';
import type { Clock } from '../../services/clock.js';
import type { Database } from '../../services/db/database.js';
import type { PipelineProvider } from '../../services/pipeline/provider.js';
import type { Services } from '../../services/services.js';
import { homeRefreshHook } from '../home-refresh-hook.js';

export interface AlertingOptions {
  services: Services;
  client: SlackClient;
  db: Database;
  /** The whole provider in production: a `consolidation_error` rule also reads `listConsolidations` when present. */
  pipeline: Pick<PipelineProvider, 'getMetrics'> & Partial<Pick<PipelineProvider, 'listConsolidations'>>;
  clock: Clock;
  logger: Logger;
  /** The metric rules; null: no evaluation (Alertmanager alerts and housekeeping still run). */
  rules: readonly AlertRule[] | null;
  /** Where alerts without their own channel go. */
  defaultChannel: string | null;
  /** Evaluation interval; also how often failed posts are retried. */
  intervalMs: number;
  /** Told after each run of the loop (metrics): its outcome, and the evaluation's summary when rules ran. */
  onRun?: (outcome: 'ok' | 'error', summary: TickSummary | null) => void;
  /**
   * Told after a run that fired, reopened or resolved an alert, and after an Alertmanager notification was stored,
   * since Home tabs list the firing alerts (main.ts refreshes the recent viewers' tabs); not after a run that changed
   * nothing. Must not throw; an exception is logged and the loop goes on.
   */
  onHomeMayChange?: () => void;
}

export interface Alerting {
  /** One evaluation, then the Slack messages brought in line (what the timer runs; joins a run in progress). */
  runOnce(): Promise<void>;
  /** A fresh run that starts after any run in progress, so it sees every change made before the call. */
  checkNow(): Promise<void>;
  /** Stores an Alertmanager notification; its message is posted in the background right after. */
  ingestAlertmanager(payload: AlertmanagerWebhook): Promise<void>;
  /** Resolves when the messages are in line with the stored state (for tests and the console). */
  syncNow(): Promise<void>;
  stop(): void;
}

/**
 * The alerting loop of one process: every interval, evaluate the rules, end expired snoozes, and post or edit
 * alert messages. Runs never overlap; a failing run is logged and the next one tries again.
 */
export function startAlerting(options: AlertingOptions): Alerting {
  const { services, client, logger } = options;
  const log = logger.child({ component: 'alerting' });
  const notifier = alertNotifierFor(services.alerts, logger);
  const evaluator =
    options.rules && options.rules.length > 0 && options.defaultChannel !== null && options.intervalMs > 0
      ? new AlertEvaluator({
          db: options.db,
          pipeline: options.pipeline,
          rules: options.rules,
          defaultChannel: options.defaultChannel,
          clock: options.clock,
          logger: log,
        })
      : null;
  let running: Promise<void> | null = null;

  const syncNow = () =>
    notifier.syncAll(client).catch((error: unknown) => log.error({ err: error }, 'alert message sync failed'));

  const homeMayChange = homeRefreshHook(options.onHomeMayChange, log);

  const runOnce = async () => {
    if (running) return running;
    running = (async () => {
      // Alerts that started or stopped firing in this run: what a Home tab lists (its firing alerts) changed.
      let changed = 0;
      try {
        let summary: TickSummary | null = null;
        if (evaluator) {
          summary = await evaluator.tick();
          log.debug({ ...summary }, 'alert rules evaluated');
          changed += summary.fired + summary.reopened + summary.resolved;
        }
        await services.alerts.housekeep();
        changed += await services.alerts.reconcileSilencedGroups();
        options.onRun?.('ok', summary);
      } catch (error) {
        log.error({ err: error }, 'alert evaluation failed; will retry');
        options.onRun?.('error', null);
      }
      await syncNow();
      if (changed > 0) homeMayChange();
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => void runOnce(), options.intervalMs > 0 ? options.intervalMs : 60_000);
  timer.unref();
  log.info(
    evaluator
      ? { rules: evaluator.rules.length, intervalMs: options.intervalMs, channel: options.defaultChannel }
      : { reason: options.defaultChannel === null ? 'no default channel' : 'no rules or interval 0' },
    evaluator ? 'alert rules active' : 'alert rules off',
  );

  return {
    runOnce,
    async checkNow() {
      await running;
      await runOnce();
    },
    syncNow,
    async ingestAlertmanager(payload) {
      if (options.defaultChannel === null && !payload.commonLabels.slack_channel) {
        throw new Error('No channel for Alertmanager alerts: set PIPEOPS_ALERT_CHANNEL');
      }
      const ingested = await services.alerts.ingestAlertmanager(payload, options.defaultChannel ?? '');
      void syncNow();
      // A resolved notification for a group never seen is ignored: nothing on a Home tab changed.
      if (ingested.decision !== 'ignored') homeMayChange();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
