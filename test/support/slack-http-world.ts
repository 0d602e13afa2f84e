import type { App } from '@slack/bolt';
import nock from 'nock';
import { captureLogs } from './capture-logs.js';
import { type TestDatabase, truncateAllTables } from './database/index.js';
import { FakeSlack } from './slack-http.js';
import { type SlackHttpAppOptions, startSlackHttpApp } from './slack-http-app.js';
import { startWorkflowWorld, type WorkflowWorld } from './workflow-world.js';

/** What the Slack end-to-end suites start before each test. */
export interface SlackHttpWorld {
  world: WorkflowWorld;
  slack: FakeSlack;
  app: App;
  url: string;
  /** Everything the bot logged. */
  logText(): string;
  close(): Promise<void>;
}

/**
 * An emptied database, the sandbox world over it, a FakeSlack for the Web API and response_url, and the production
 * Bolt app over signed HTTP; close() stops the app, drops the interceptors and closes the world. With
 * `ackCommandsEarly`, commands are acknowledged as production does (at once, the work after), not after the work.
 */
export async function startSlackHttpWorld(
  db: TestDatabase,
  options: Pick<SlackHttpAppOptions, 'ackCommandsEarly' | 'metrics'> = {},
): Promise<SlackHttpWorld> {
  await truncateAllTables(db);
  const world = await startWorkflowWorld(db);
  const slack = new FakeSlack();
  slack.install();
  const logs = captureLogs();
  const { app, url } = await startSlackHttpApp(world.services, logs.logger, options);
  return {
    world,
    slack,
    app,
    url,
    logText: logs.text,
    async close() {
      await app.stop();
      nock.cleanAll();
      await world.close();
    },
  };
}
