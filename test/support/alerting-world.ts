import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { prepareAlerting, type RunningAlerting } from '../../src/bot/alerts/alert-setup.js';
import { loadConfig } from '../../src/bot/config.js';
import { createSlackApp, wireSlackApp } from '../../src/bot/slack-app.js';
import type { Database } from '../../src/services/db/database.js';
import { createHttpPipelineProvider } from '../../src/services/pipeline/http-provider.js';
import type { PipelineProvider } from '../../src/services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { createServices, type Services } from '../../src/services/services.js';
import { captureLogs } from './capture-logs.js';
import { FakeClock } from './fake-clock.js';
import { SIGNING_SECRET } from './slack-http.js';
import { noGroups } from './workflow-world.js';

export const BOT_TOKEN = 'xoxb-alerting-token-never-logged';
export const WEBHOOK_TOKEN = 'am-webhook-token-0123456789-SECRET';
export const ALERT_CHANNEL = 'C0ALERTS';

export interface AlertingWorldOptions {
  /** Rules file content (YAML); default: the shipped default rules. */
  rules?: string;
  /** Extra environment (e.g. ALERTMANAGER_URL). */
  env?: Record<string, string>;
  /** An existing sandbox (to restart the bot over the same pipeline). */
  sandbox?: SandboxPipeline;
  clock?: FakeClock;
}

/**
 * The bot as main.ts brings it up in HTTP mode (Bolt's HTTP receiver with the Alertmanager custom route, the
 * listeners, the alerting loop) over a real database and sandbox pipeline, with Slack's Web API intercepted by
 * FakeSlack (nock). The loop's timer is effectively off (1 h): tests drive it with `alerting.checkNow()`.
 */
export interface AlertingWorld {
  app: App;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  slackUrl: string;
  webhookUrl: string;
  sandbox: SandboxPipeline;
  pipeline: PipelineProvider;
  services: Services;
  clock: FakeClock;
  running: RunningAlerting;
  logText(): string;
  /** Stops the bot; the sandbox too unless it was passed in. */
  close(): Promise<void>;
}

export async function startAlertingWorld(db: Database, options: AlertingWorldOptions = {}): Promise<AlertingWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-alerting-'));
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PIPEOPS_SANDBOX: '1',
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    PORT: '0',
    PIPEOPS_ALERT_CHANNEL: ALERT_CHANNEL,
    PIPEOPS_ALERT_INTERVAL_SECONDS: '3600',
    ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    ...options.env,
  };
  if (options.rules !== undefined) {
    env.PIPEOPS_ALERT_RULES = join(dir, 'rules.yml');
    writeFileSync(env.PIPEOPS_ALERT_RULES, options.rules);
  }
  const config = loadConfig(env);
  if (config.slack.mode !== 'http') throw new Error('expected HTTP mode');
  const plan = await prepareAlerting(config, null);
  const sandbox = options.sandbox ?? (await startSandboxPipeline({ apiKey: 'test-key' }));
  const pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, retries: 0 });
  const clock = options.clock ?? new FakeClock();
  const logs = captureLogs();
  const services = createServices({
    db,
    pipeline,
    access: { proposers: [], approvers: [] },
    directory: noGroups,
    clock,
    changeTtlMs: 60 * 60_000,
    logger: logs.logger,
    alerting: { alertmanagerFor: plan.alertmanagerFor },
  });
  const app = createSlackApp({
    slack: config.slack,
    logger: logs.logger,
    boltOptions: {
      processBeforeResponse: true,
      clientOptions: { retryConfig: { retries: 0 } },
      customRoutes: plan.customRoutes,
    },
  });
  wireSlackApp(app, { services, logger: logs.logger, command: '/pipeline' });
  await app.init();
  const running = await plan.start({ services, client: app.client, db, pipeline, clock, logger: logs.logger });
  await running.alerting.checkNow();
  const server = (await app.start(0)) as Server;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    baseUrl,
    slackUrl: `${baseUrl}/slack/events`,
    webhookUrl: `${baseUrl}/alerts/alertmanager`,
    sandbox,
    pipeline,
    services,
    clock,
    running,
    logText: logs.text,
    async close() {
      await running.stop();
      await app.stop();
      if (!options.sandbox) await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (for work the bot does after answering, e.g. a webhook's post). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Polls until `list` has at least one entry (e.g. the posts a webhook's notification leads to), and returns it. */
export function eventuallySome<T>(list: () => T[], timeoutMs?: number): Promise<T[]> {
  return eventually(() => {
    const found = list();
    return found.length > 0 ? found : undefined;
  }, timeoutMs);
}
