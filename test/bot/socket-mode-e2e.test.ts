import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/bot/config.js';
import { createSlackApp, wireSlackApp } from '../../src/bot/slack-app.js';
import { captureLogs } from '../support/capture-logs.js';
import { truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { FakeSocketSlack } from '../support/fake-socket-slack.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { FakeSlack } from '../support/slack-http.js';
import { startWorkflowWorld, type WorkflowWorld } from '../support/workflow-world.js';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Slack over Socket Mode, end to end', () => {
  const db = useTestDatabase('sqlite');
  let world: WorkflowWorld;
  let slack: FakeSlack;
  let socketSlack: FakeSocketSlack;
  let app: App;

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    world = await startWorkflowWorld(db());
    socketSlack = new FakeSocketSlack();
    await new Promise((r) => socketSlack.server.once('listening', r));
    nock('https://slack.com')
      .persist()
      .post('/api/apps.connections.open')
      .reply(200, () => ({ ok: true, url: socketSlack.url }));
    slack = new FakeSlack();
    slack.install();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-socket-test',
      SLACK_APP_TOKEN: 'xapp-socket-test',
      PIPEOPS_SANDBOX: '1',
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
    });
    if (config.slack.mode !== 'socket') throw new Error('expected Socket Mode from the configuration');
    const { logger } = captureLogs('warn');
    app = createSlackApp({
      slack: config.slack,
      logger,
      boltOptions: { clientOptions: { retryConfig: { retries: 0 } } },
    });
    wireSlackApp(app, { services: world.services, logger, command: config.command });
    await app.init();
    await app.start();
    await socketSlack.connected;
  });

  afterEach(async () => {
    await app.stop();
    await socketSlack.close();
    nock.cleanAll();
    await world.close();
  });

  const command = (text: string, user = 'UALICE') => ({
    team_id: 'T0TEST',
    channel_id: 'C0DATAOPS',
    channel_name: 'data-ops',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/pipeline',
    text,
    api_app_id: 'A0TEST',
    response_url: 'https://hooks.slack.com/commands/T0TEST/1/socket',
    trigger_id: '1.2.3',
  });

  it('acknowledges help over the socket with the help blocks in the ack payload', async () => {
    const ack = (await socketSlack.deliver('slash_commands', command('help input'), 'env-help')) as {
      blocks: unknown[];
    };
    expect(JSON.stringify(ack.blocks)).toContain('/pipeline input pause &lt;input&gt;');
  });

  it('runs the change workflow: card posted, approved by another user over the socket, applied', async () => {
    await socketSlack.deliver('slash_commands', command('input pause mixpanel_engage_one'), 'env-cmd');
    await until(() => slack.callsOf('chat.postMessage').length === 1, 'the change card');
    const [card] = slack.callsOf('chat.postMessage');
    const approve = JSON.stringify(card?.body.blocks).match(/"action_id":"change_approve","value":"(\d+)"/);
    expect(approve?.[1]).toBeDefined();
    // The click comes from the card's own message (a click elsewhere is refused), whose ts is stored once
    // chat.postMessage has answered.
    let cardTs: string | undefined;
    const deadline = Date.now() + 10_000;
    while (cardTs === undefined && Date.now() < deadline) {
      cardTs = (await world.services.changes.get(Number(approve?.[1])))?.message?.ts;
      if (cardTs === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    expect(cardTs).toBeDefined();
    await socketSlack.deliver(
      'interactive',
      {
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: 'UBOB', username: 'bob', team_id: 'T0TEST' },
        api_app_id: 'A0TEST',
        channel: { id: 'C0DATAOPS' },
        container: { type: 'message', message_ts: cardTs, channel_id: 'C0DATAOPS' },
        message: { ts: cardTs, text: 'card' },
        response_url: 'https://hooks.slack.com/actions/T0TEST/1/socket',
        trigger_id: '1.2.4',
        actions: [{ type: 'button', action_id: 'change_approve', block_id: 'b', value: approve?.[1], action_ts: '1' }],
      },
      'env-approve',
    );
    await until(() => world.sandbox.getInput('mixpanel_engage_one').paused === true, 'the apply');
    await until(
      () => JSON.stringify(slack.callsOf('chat.update').at(-1)?.body.blocks ?? '').includes('Applied'),
      'card',
    );
  });
});
