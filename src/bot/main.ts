import { createWriteStream, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { App } from '@slack/bolt';
import { config as loadDotenv } from 'dotenv';
import type { Logger } from 'pino';
import { systemClock } from '../services/clock.js';
import { DataDirLockedError } from '../services/db/data-dir-lock.js';
import { createServices } from '../services/services.js';
import { startChangeHousekeeping } from './change-housekeeping.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { ConsoleReceiver } from './console/console-receiver.js';
import { runConsoleSession } from './console/console-session.js';
import { CONSOLE_API_URL, ConsoleSlack } from './console/console-slack.js';
import { createLogger, scrubCredentials } from './logger.js';
import { type Runtime, startRuntime } from './runtime.js';
import { createSlackApp, wireSlackApp } from './slack-app.js';
import { createSlackMemberDirectory } from './slack-member-directory.js';

const RECOVER_AFTER_MS = { pglite: 0, postgres: 15 * 60_000 } as const;

/**
 * Entry point. No Slack tokens → the local console on this terminal; otherwise Slack over Socket Mode or
 * HTTP. Either way the same Bolt app, handlers and services run.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  const consoleMode = config.slack.mode === 'console';
  let logger: Logger;
  if (consoleMode) {
    // The terminal belongs to the console: logs go to a file in the data directory.
    const dataDir = resolve(config.database.dataDir);
    mkdirSync(dataDir, { recursive: true });
    logger = createLogger(config.logLevel, createWriteStream(join(dataDir, 'pipeops.log'), { flags: 'a' }));
  } else {
    logger = createLogger(config.logLevel);
  }
  const runtime = await startRuntime(config, logger);
  try {
    if (consoleMode) await runConsole(config, runtime, logger);
    else await runSlack(config, runtime, logger);
  } finally {
    await runtime.close();
  }
}

/**
 * What both front ends share once the Bolt app exists: the services (whose user-group lookups go through
 * `app.client`), the listeners, Bolt's initialisation, and the housekeeping of change requests.
 */
async function bringUp(app: App, config: Config, runtime: Runtime, logger: Logger) {
  const services = createServices({
    db: runtime.db,
    pipeline: runtime.pipeline,
    access: config.access,
    directory: createSlackMemberDirectory(() => app.client, logger),
    clock: systemClock,
    changeTtlMs: config.changeTtlMs,
    logger: logger.child({ component: 'services' }),
  });
  wireSlackApp(app, { services, logger, command: config.command });
  await app.init();
  const housekeeping = startChangeHousekeeping({
    changes: services.changes,
    client: app.client,
    logger,
    interruptedAfterMs: RECOVER_AFTER_MS[runtime.db.backend],
  });
  await housekeeping.runOnce();
  return { services, housekeeping };
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

async function runConsole(config: Config, runtime: Runtime, logger: Logger): Promise<void> {
  const slack = new ConsoleSlack();
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
  const { housekeeping } = await bringUp(app, config, runtime, logger);
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
    });
  } finally {
    housekeeping.stop();
  }
}

async function runSlack(config: Config, runtime: Runtime, logger: Logger): Promise<void> {
  if (config.slack.mode === 'console') return;
  const app = createSlackApp({ slack: config.slack, logger });
  const { housekeeping } = await bringUp(app, config, runtime, logger);
  if (config.slack.mode === 'http') {
    const server = (await app.start(config.slack.port)) as Server;
    logger.info({ port: config.slack.port, address: server.address() }, 'pipeops listening for Slack over HTTP');
  } else {
    await app.start();
    logger.info('pipeops connected to Slack over Socket Mode');
  }
  await untilStopSignal(logger);
  housekeeping.stop();
  await app.stop();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`pipeops: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `pipeops failed to start: ${scrubCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
});
