import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { loadConfig } from '../../src/bot/config.js';
import { createSlackApp, wireSlackApp } from '../../src/bot/slack-app.js';
import { captureLogs } from '../support/capture-logs.js';
import { truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { FakeSlack } from '../support/slack-http.js';
import { startWorkflowWorld, type WorkflowWorld } from '../support/workflow-world.js';

/**
 * Socket Mode against a local stand-in for Slack's socket endpoint: apps.connections.open (nock) hands out a
 * ws:// URL on loopback, where this test plays Slack: hello, then envelopes, and it reads the app's acks.
 */
class FakeSocketSlack {
  readonly server: WebSocketServer;
  socket: WebSocket | null = null;
  readonly acks = new Map<string, unknown>();
  #connected: (() => void) | null = null;
  readonly connected = new Promise<void>((done) => {
    this.#connected = done;
  });

  constructor() {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        this.acks.set(message.envelope_id, message.payload ?? null);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
      this.#connected?.();
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Sends an envelope and waits for the app's ack of it. */
  async deliver(type: 'slash_commands' | 'interactive', payload: object, id: string): Promise<unknown> {
    this.socket?.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: true }));
    const deadline = Date.now() + 10_000;
    while (!this.acks.has(id)) {
      if (Date.now() > deadline) throw new Error(`no ack for ${id}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.acks.get(id);
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((done) => this.server.close(() => done()));
  }
}

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
    const ack = (await socketSlack.deliver('slash_commands', command(''), 'env-help')) as { blocks: unknown[] };
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
