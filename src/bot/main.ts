import { createWriteStream, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { App } from '@slack/bolt';
import { config as loadDotenv } from 'dotenv';
import type { Logger } from 'pino';
import { startDriftJob } from '../handlers/drift/drift-job.js';
import { systemClock } from '../services/clock.js';
import { DataDirLockedError } from '../services/db/data-dir-lock.js';
import { createSealedBox } from '../services/secrets/sealed-box.js';
import { createServices, type Services } from '../services/services.js';
import { type AlertingPlan, prepareAlerting } from './alerts/alert-setup.js';
import { startChangeHousekeeping } from './change-housekeeping.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { resourceNamesFrom } from './console/console-completer.js';
import { ConsoleReceiver } from './console/console-receiver.js';
import { CONSOLE_CHANNEL, runConsoleSession } from './console/console-session.js';
import { CONSOLE_API_URL, ConsoleSlack } from './console/console-slack.js';
import { exitAfterCleanShutdown, shutDownGracefully } from './graceful-shutdown.js';
import { identifyBot, SlackTokenError } from './identify-bot.js';
import { loadFetchWhenIdle } from './load-fetch-when-idle.js';
import { createLogger, scrubCredentials } from './logger.js';
import { Observability } from './observability/operator-endpoints.js';
import { countCommandAnsweredInAck } from './observability/slack-instrumentation.js';
import { timedSlackFetch } from './observability/timed-slack-fetch.js';
import { installProcessGuards } from './process-guards.js';
import { type Runtime, startRuntime } from './runtime.js';
import { sandboxBannerFetch } from './sandbox-banner-fetch.js';
import { createSlackApp, wireSlackApp } from './slack-app.js';
import { createSlackMemberDirectory } from './slack-member-directory.js';
import { loadSocketModeModule } from './socket-mode-module.js';

/**
 * Entry point. No Slack tokens → the local console on this terminal; otherwise Slack over Socket Mode or
 * HTTP. Either way the same Bolt app, handlers and services run.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const consoleMode = config.slack.mode === 'console';
  // Before anything starts: a bad rules file or a missing alert channel is a configuration error.
  const alerting = await prepareAlerting(config, consoleMode ? CONSOLE_CHANNEL.id : null);
  let logger: Logger;
  if (consoleMode) {
    // The terminal belongs to the console: logs go to a file in the data directory.
    const dataDir = resolve(config.database.dataDir);
    mkdirSync(dataDir, { recursive: true });
    logger = createLogger(config.logLevel, createWriteStream(join(dataDir, 'pipeops.log'), { flags: 'a' }));
  } else {
    logger = createLogger(config.logLevel);
  }
  installProcessGuards(process, logger);
  if (config.announceSandbox) {
    logger.warn('SANDBOX: Slack against the embedded sandbox pipeline (PIPEOPS_SANDBOX=1); every message says so');
  }
  const observability = new Observability(config);
  const runtime = await startRuntime(config, logger, observability.metrics);
  try {
    if (consoleMode) await runConsole(config, runtime, logger, alerting, observability);
    else await runSlack(config, runtime, logger, alerting, observability);
  } finally {
    await runtime.close();
  }
}

/**
 * What both front ends share once the Bolt app exists: the services (whose user-group lookups go through
 * `app.client`), the listeners, Bolt's initialisation, and the housekeeping of change requests.
 */
async function bringUp(
  app: App,
  config: Config,
  runtime: Runtime,
  logger: Logger,
  alerting: AlertingPlan,
  observability: Observability,
) {
  const created = createServices({
    db: runtime.db,
    pipeline: runtime.pipeline,
    access: config.access,
    directory: createSlackMemberDirectory(() => app.client, logger),
    clock: systemClock,
    changeTtlMs: config.changeTtlMs,
    auditRetentionDays: config.auditRetentionDays,
    workflow: { ...config.workflow, sealedBox: config.secretsKey ? createSealedBox(config.secretsKey) : null },
    logger: logger.child({ component: 'services' }),
    alerting: { alertmanagerFor: alerting.alertmanagerFor },
    drift: {
      ...(config.drift.key ? { driftKey: config.drift.key } : {}),
      ...(config.secretsKey ? { secretsKey: config.secretsKey } : {}),
    },
  });
  const services = observability.observeServices(created);
  const { home } = wireSlackApp(
    app,
    { services, logger, command: config.command, announceSandbox: config.announceSandbox },
    observability.instrumentation,
  );
  await app.init();
  // Background work that changes what Home tabs show re-publishes the recent viewers' tabs (never throws).
  const onHomeMayChange = () => home.refreshSoon(app.client);
  const housekeeping = startChangeHousekeeping({
    changes: services.changes,
    history: services.audit,
    client: app.client,
    logger,
    onHomeMayChange,
  });
  await housekeeping.runOnce();
  const alerts = await alerting.start({
    services,
    client: app.client,
    db: runtime.db,
    pipeline: runtime.pipeline,
    clock: systemClock,
    logger,
    onRun: observability.onAlertRun,
    onHomeMayChange,
  });
  const drift = startDrift(config, services, app, alerting.defaultChannel, logger);
  observability.watchSlack(app);
  const operator = await observability.serve({ db: runtime.db, pipeline: runtime.pipeline, logger });
  return { services, housekeeping, alerts, operator, drift };
}

/** The drift job (PIPEOPS_DRIFT_INTERVAL_MINUTES), posting in the alerts channel; off without one. */
function startDrift(config: Config, services: Services, app: App, channel: string | null, logger: Logger) {
  if (config.drift.intervalMs === 0) return null;
  if (channel === null) {
    logger.warn('drift detection is off: it posts in the alerts channel; set PIPEOPS_ALERT_CHANNEL to turn it on');
    return null;
  }
  return startDriftJob({
    drift: services.drift,
    client: app.client,
    channel,
    intervalMs: config.drift.intervalMs,
    logger: logger.child({ component: 'drift' }),
  });
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopSignal(logger: Logger): Promise<void> {
  return new Promise((done) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      done();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

async function runConsole(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  alerting: AlertingPlan,
  observability: Observability,
): Promise<void> {
  // Charts and other binary uploads are saved next to the database, where the console prints their path.
  const slack = new ConsoleSlack({ filesDir: join(resolve(config.database.dataDir), 'files') });
  const receiver = new ConsoleReceiver();
  const app = createSlackApp({
    slack: { mode: 'custom', receiver, botToken: 'xoxb-console' },
    logger,
    boltOptions: {
      botId: 'BPIPEOPS',
      botUserId: 'UPIPEOPS',
      clientOptions: { slackApiUrl: CONSOLE_API_URL, fetch: slack.fetch, retryConfig: { retries: 0 } },
    },
  });
  const { services, housekeeping, alerts, operator, drift } = await bringUp(
    app,
    config,
    runtime,
    logger,
    alerting,
    observability,
  );
  // Ctrl-C ends the session like end of input, so that the database and its lock are released.
  const stop = new AbortController();
  void untilStopSignal(logger).then(() => stop.abort());
  try {
    await runConsoleSession({
      signal: stop.signal,
      input: process.stdin,
      output: process.stdout,
      receiver,
      slack,
      command: config.command,
      sandbox: runtime.sandbox,
      alerts: { checkNow: () => alerts.alerting.checkNow() },
      historyFile: join(resolve(config.database.dataDir), 'console_history'),
      resourceNames: resourceNamesFrom(services),
    });
  } finally {
    housekeeping.stop();
    drift?.stop();
    await alerts.stop();
    await operator.close();
  }
}

async function runSlack(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  alerting: AlertingPlan,
  observability: Observability,
): Promise<void> {
  if (config.slack.mode === 'console') return;
  // HTTP mode serves the Alertmanager webhook and the operator endpoints on Bolt's own server.
  const customRoutes = [...alerting.customRoutes, ...observability.customRoutes];
  const boltOptions = customRoutes.length > 0 ? { customRoutes } : {};
  // SLACK_API_URL (tests, benchmarks): the Web API of a local fake instead of slack.com.
  const clientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    // The sandbox in Slack: every message and view sent says SANDBOX (one place, at the edge); every call timed.
    fetch: timedSlackFetch(
      config.announceSandbox ? sandboxBannerFetch() : (input, init) => fetch(input, init),
      observability.metrics,
    ),
  };
  if (config.slack.mode === 'socket') await loadSocketModeModule();
  const { botId, botUserId } = config.slack;
  const identity =
    botId && botUserId ? { botId, botUserId } : await identifyBot(config.slack.botToken, logger, clientOptions);
  const app = createSlackApp({
    slack: { ...config.slack, ...identity },
    logger,
    boltOptions: { ...boltOptions, clientOptions },
    // HTTP mode records the deliveries it took, so that a Slack retry or replay is processed once on any replica.
    db: runtime.db,
    // …and acknowledges /pipeline commands before Bolt runs them (what the listener's ack would say).
    ackCommandsEarly: {
      command: config.command,
      announceSandbox: config.announceSandbox,
      onAnswered: (body) => countCommandAnsweredInAck(observability.metrics, body),
    },
  });
  // Listened for before start-up, which settles interrupted applies and can take a while: a SIGTERM meanwhile must
  // end in the graceful shutdown below (exit 0), not in Node's default of dying on the signal.
  const stopRequested = untilStopSignal(logger);
  const { housekeeping, alerts, operator, drift } = await bringUp(
    app,
    config,
    runtime,
    logger,
    alerting,
    observability,
  );
  if (config.slack.mode === 'http') {
    const server = (await app.start(config.slack.port)) as Server;
    logger.info({ port: config.slack.port, address: server.address() }, 'pipeops listening for Slack over HTTP');
  } else {
    await app.start();
    logger.info('pipeops connected to Slack over Socket Mode');
  }
  loadFetchWhenIdle();
  await stopRequested;
  await shutDownGracefully(
    {
      stopIntake: async () => {
        await app.stop();
      },
      inFlight: observability.inFlight,
      release: [() => housekeeping.stop(), () => drift?.stop(), () => alerts.stop(), () => operator.close()],
    },
    config.shutdownTimeoutMs,
    logger,
  );
}

main().then(exitAfterCleanShutdown, (error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof SlackTokenError) {
    process.stderr.write(`pipeops: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `pipeops failed to start: ${scrubCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
});
