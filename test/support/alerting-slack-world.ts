import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import type { SandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { type AlertingWorld, type AlertingWorldOptions, startAlertingWorld } from './alerting-world.js';
import { type TestDatabase, truncateAllTables } from './database/index.js';
import { useLoopbackOnlyNetwork } from './loopback-only-network.js';
import { FakeSlack, type SlackCall } from './slack-http.js';

export interface AlertingSlackWorld {
  world: AlertingWorld;
  slack: FakeSlack;
  /**
   * Stops the bot and brings it up again over the same database, sandbox pipeline and clock, as a deploy does;
   * `world` is then the new one. The sandbox is closed after the test, with the world.
   */
  restart(): Promise<AlertingWorld>;
}

/**
 * For the enclosing suite, each test gets the bot as main.ts runs it in HTTP mode (startAlertingWorld) over an
 * emptied database, with Slack's Web API faked by FakeSlack and every other outbound connection refused; both are
 * torn down after the test. Returns the current test's world (it throws outside a test, where there is none).
 *
 * The sandbox and clock are not options: made once, they would be shared by every test. Each test gets its own.
 */
export function useAlertingSlackWorld(
  db: () => TestDatabase,
  options: Omit<AlertingWorldOptions, 'sandbox' | 'clock'> = {},
): () => AlertingSlackWorld {
  let current: AlertingSlackWorld | null = null;
  /** The sandbox a restart kept: the restarted world was given it, so it does not close it. */
  let keptSandbox: SandboxPipeline | null = null;

  const accessor = (): AlertingSlackWorld => {
    if (!current) throw new Error('useAlertingSlackWorld: the world exists only while a test of the suite runs');
    return current;
  };

  async function restart(): Promise<AlertingWorld> {
    const state = accessor();
    const { sandbox, clock, running, app } = state.world;
    await running.stop();
    await app.stop();
    keptSandbox = sandbox;
    state.world = await startAlertingWorld(db(), { ...options, sandbox, clock });
    return state.world;
  }

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    // Installed first: the world runs the alert loop once as it starts, which may already post.
    const slack = new FakeSlack();
    slack.install();
    current = { world: await startAlertingWorld(db(), options), slack, restart };
  });

  afterEach(async () => {
    const state = current;
    const sandbox = keptSandbox;
    current = null;
    keptSandbox = null;
    try {
      await state?.world.close();
      await sandbox?.close();
    } finally {
      nock.cleanAll();
    }
  });

  return accessor;
}

/** A message's blocks as JSON text, for `toContain` on what it shows. */
export const blocksText = (call: SlackCall | undefined): string => JSON.stringify(call?.body.blocks ?? []);

/** The value of the button `actionId` on a message; '' when it has none (a click with it is then refused). */
export function buttonValue(call: SlackCall | undefined, actionId: string): string {
  const blocks = (call?.body.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
  return blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === actionId)?.value ?? '';
}
