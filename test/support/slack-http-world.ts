import type { App } from '@slack/bolt';
import nock from 'nock';
import type { Logger } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { captureLogs } from './capture-logs.js';
import { type TestDatabase, truncateAllTables } from './database/index.js';
import { useLoopbackOnlyNetwork } from './loopback-only-network.js';
import { FakeSlack } from './slack-http.js';
import { type SlackHttpAppOptions, startSlackHttpApp } from './slack-http-app.js';
import { startWorkflowWorld, type WorkflowWorld, type WorldOptions } from './workflow-world.js';

/** What the Slack end-to-end suites start before each test. */
export interface SlackHttpWorld {
  world: WorkflowWorld;
  slack: FakeSlack;
  app: App;
  url: string;
  /** The bot's logger, for what a test runs beside the app (a background job's notifier). */
  logger: Logger;
  /** Everything the bot logged. */
  logText(): string;
  close(): Promise<void>;
}

export interface SlackHttpWorldOptions extends Pick<SlackHttpAppOptions, 'ackCommandsEarly' | 'botToken' | 'metrics'> {
  /** The sandbox world's (who may propose, a sealed box for secrets, ...). */
  world?: WorldOptions;
}

/**
 * An emptied database, the sandbox world over it, a FakeSlack for the Web API and response_url, and the production
 * Bolt app over signed HTTP; close() stops the app, drops the interceptors and closes the world. With
 * `ackCommandsEarly`, commands are acknowledged as production does (at once, the work after), not after the work.
 */
export async function startSlackHttpWorld(
  db: TestDatabase,
  options: SlackHttpWorldOptions = {},
): Promise<SlackHttpWorld> {
  const { world: worldOptions, ...appOptions } = options;
  await truncateAllTables(db);
  const world = await startWorkflowWorld(db, worldOptions);
  const slack = new FakeSlack();
  slack.install();
  const logs = captureLogs();
  const { app, url } = await startSlackHttpApp(world.services, logs.logger, appOptions);
  return {
    world,
    slack,
    app,
    url,
    logger: logs.logger,
    logText: logs.text,
    async close() {
      await app.stop();
      nock.cleanAll();
      await world.close();
    },
  };
}

/** The running test's SlackHttpWorld; `restart` replaces it, mid-test, by one started with other options. */
export interface UsedSlackHttpWorld {
  (): SlackHttpWorld;
  restart(options?: SlackHttpWorldOptions): Promise<SlackHttpWorld>;
}

/**
 * For the enclosing suite: only loopback connections (so a Slack call FakeSlack did not expect fails loudly), and a
 * new SlackHttpWorld for each test, closed after it. Give `options` as a function for what must be new in each test
 * (a metrics registry, a sealing key): it is called before each one. A `beforeEach` registered before this call runs
 * before the world starts (nock interceptors set there are consulted before FakeSlack's).
 */
export function useSlackHttpWorld(
  db: () => TestDatabase,
  options: SlackHttpWorldOptions | (() => SlackHttpWorldOptions) = {},
): UsedSlackHttpWorld {
  useLoopbackOnlyNetwork();
  let current: SlackHttpWorld | undefined;
  const start = async (startOptions: SlackHttpWorldOptions) => {
    current = await startSlackHttpWorld(db(), startOptions);
    return current;
  };
  const stop = async () => {
    const running = current;
    current = undefined;
    await running?.close();
  };
  beforeEach(async () => {
    await start(typeof options === 'function' ? options() : options);
  });
  afterEach(stop);
  const used = () => {
    if (!current) throw new Error('the Slack HTTP world runs only inside a test (between beforeEach and afterEach)');
    return current;
  };
  return Object.assign(used, {
    async restart(restartOptions: SlackHttpWorldOptions = {}) {
      await stop();
      return start(restartOptions);
    },
  });
}
