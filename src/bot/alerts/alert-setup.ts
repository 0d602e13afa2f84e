import type { CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import {
  isAllowedAlertmanagerUrl,
  refusedAlertmanagerApi,
} from '../../services/alerts/alertmanager/alertmanager-allowed-hosts.js';
import { type AlertmanagerApi, createAlertmanagerApi } from '../../services/alerts/alertmanager/alertmanager-api.js';
import type { AlertRule } from '../../services/alerts/rules/alert-rule.js';
import { AlertRulesError, loadAlertRules } from '../../services/alerts/rules/load-alert-rules.js';
import { type Config, ConfigError } from '../config.js';
import { type Alerting, type AlertingOptions, startAlerting } from './alerting.js';
import { ALERTMANAGER_PATH, createAlertmanagerHandler, type RequestHandler } from './alertmanager-endpoint.js';
import { startAlertmanagerServer } from './alertmanager-server.js';

export interface AlertingPlan {
  rules: AlertRule[] | null;
  /** Where alerts go unless a rule (or an Alertmanager `slack_channel` label) says otherwise; null: nowhere. */
  defaultChannel: string | null;
  /** For createServices: the Alertmanager API that silences go to. */
  alertmanagerFor(externalUrl: string): AlertmanagerApi | null;
  /** HTTP mode: Bolt custom routes serving the webhook on Bolt's own server (empty without a webhook token). */
  customRoutes: CustomRoute[];
  /** Starts the loop, and in Socket Mode / the console the webhook's own server. */
  start(deps: StartDeps): Promise<RunningAlerting>;
}

/** What the loop needs from the process; the plan adds the rules, the channel and the interval. */
type StartDeps = Omit<AlertingOptions, 'rules' | 'defaultChannel' | 'intervalMs'>;

export interface RunningAlerting {
  alerting: Alerting;
  /** Where Alertmanager should post: the webhook's own server (Socket Mode, console); null in HTTP mode or when off. */
  webhookUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Reads the rules and checks the alerting configuration before anything starts, so that a bad rules file or a
 * missing channel stops the bot with a ConfigError that says what to fix. `consoleChannel` is set in console mode.
 */
export async function prepareAlerting(config: Config, consoleChannel: string | null): Promise<AlertingPlan> {
  const settings = config.alerts;
  const problems: string[] = [];
  let rules: AlertRule[] | null = null;
  try {
    rules = await loadAlertRules(settings.rulesFile);
  } catch (error) {
    if (!(error instanceof AlertRulesError)) throw error;
    problems.push(...error.problems.map((problem) => `PIPEOPS_ALERT_RULES (${error.source}): ${problem}`));
  }
  const defaultChannel = consoleChannel ?? settings.channel ?? null;
  if (defaultChannel === null && settings.rulesFile && rules?.some((rule) => !rule.channel)) {
    const ids = rules.filter((rule) => !rule.channel).map((rule) => rule.id);
    problems.push(`PIPEOPS_ALERT_CHANNEL: required, since rules ${ids.join(', ')} name no channel`);
  }
  if (defaultChannel === null && settings.webhook) {
    problems.push('PIPEOPS_ALERT_CHANNEL: required with ALERTMANAGER_WEBHOOK_TOKEN (where Alertmanager alerts go)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const configured = settings.alertmanagerApi ? createAlertmanagerApi(settings.alertmanagerApi) : null;
  const derived = new Map<string, AlertmanagerApi>();
  // Set by start(): refusals happen on button presses, after the loop (and its logger) started.
  let refusalLog: Logger | null = null;
  const alertmanagerFor = (externalUrl: string): AlertmanagerApi | null => {
    if (configured) return configured;
    // Without ALERTMANAGER_URL, the URL Alertmanager reports for itself (its --web.external-url), no credentials,
    // and only on a host the operator allowed.
    if (!/^https?:\/\/[^\s]+$/.test(externalUrl)) return null;
    if (!isAllowedAlertmanagerUrl(externalUrl, settings.allowedExternalHosts)) {
      return refusedAlertmanagerApi(externalUrl, (message) =>
        refusalLog?.warn({ externalUrl: externalUrl.slice(0, 200) }, message),
      );
    }
    let api = derived.get(externalUrl);
    if (!api) {
      api = createAlertmanagerApi({ url: externalUrl });
      derived.set(externalUrl, api);
    }
    return api;
  };

  let bound: RequestHandler | null = null;
  const customRoutes: CustomRoute[] =
    settings.webhook && config.slack.mode === 'http'
      ? [
          {
            path: ALERTMANAGER_PATH,
            // Every method, so that a GET is told 405 (POST only) rather than a bare 404.
            method: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'],
            handler: (req, res) => {
              if (bound) return bound(req, res);
              req.resume();
              res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
              res.end(JSON.stringify({ error: 'starting', message: 'pipeops is starting; retry shortly' }));
            },
          },
        ]
      : [];

  return {
    rules,
    defaultChannel,
    alertmanagerFor,
    customRoutes,
    async start(deps) {
      refusalLog = deps.logger.child({ component: 'alertmanager-api' });
      warnAboutRulesOff(config, rules, defaultChannel, deps.logger);
      const alerting = startAlerting({
        ...deps,
        rules,
        defaultChannel,
        intervalMs: settings.intervalMs,
      });
      let server: Awaited<ReturnType<typeof startAlertmanagerServer>> | null = null;
      if (settings.webhook) {
        const handler = createAlertmanagerHandler({
          token: settings.webhook.token,
          logger: deps.logger.child({ component: 'alertmanager-webhook' }),
          onNotification: (payload) => alerting.ingestAlertmanager(payload),
        });
        if (config.slack.mode === 'http') {
          bound = handler;
          deps.logger.info({ path: ALERTMANAGER_PATH }, 'Alertmanager webhook served on the Slack HTTP port');
        } else {
          server = await startAlertmanagerServer({
            host: settings.webhook.host,
            port: settings.webhook.port,
            handler,
          });
          deps.logger.info({ url: server.url }, 'Alertmanager webhook listening');
        }
      }
      void alerting.runOnce();
      return {
        alerting,
        webhookUrl: server?.url ?? null,
        async stop() {
          alerting.stop();
          bound = null;
          await server?.close();
        },
      };
    },
  };
}

/**
 * In a Slack mode without PIPEOPS_ALERT_CHANNEL the metric rules are not evaluated at all (startAlerting needs a
 * default channel): say so at warn at start, naming the rules, so that an operator does not wait for alerts that
 * never come.
 */
function warnAboutRulesOff(
  config: Config,
  rules: readonly AlertRule[] | null,
  defaultChannel: string | null,
  logger: Logger,
): void {
  if (config.slack.mode === 'console' || defaultChannel !== null) return;
  const off = (rules ?? []).map((rule) => rule.id);
  logger.warn(
    { rulesOff: off, reason: 'PIPEOPS_ALERT_CHANNEL is not set' },
    `Alert rules off: ${off.length > 0 ? off.join(', ') : 'none loaded'}, because PIPEOPS_ALERT_CHANNEL is not set ` +
      '(alerts need a default channel); set PIPEOPS_ALERT_CHANNEL to turn them on',
  );
}
