import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/bot/slack-app.js';
import { captureLogs } from '../support/capture-logs.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { SIGNING_SECRET, sendSigned, sendSlashCommand, sign } from '../support/slack-http.js';

/**
 * The production HTTP receiver (createSlackApp in HTTP mode) with listeners that only count what reaches them,
 * so that these tests are about what is let through, whatever the handlers do.
 */
describe('requests from Slack over HTTP are checked as strictly as Slack signs them', () => {
  let app: App;
  let url: string;
  let baseUrl: string;
  let commands: string[];
  let events: string[];
  let views: string[];
  let logText: () => string;

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    commands = [];
    events = [];
    views = [];
    const logs = captureLogs();
    logText = logs.text;
    app = createSlackApp({
      slack: {
        mode: 'http',
        botToken: 'xoxb-test',
        signingSecret: SIGNING_SECRET,
        port: 0,
        botId: 'B0BOT',
        botUserId: 'U0BOT',
      },
      logger: logs.logger,
      boltOptions: {
        processBeforeResponse: true,
        clientOptions: { retryConfig: { retries: 0 } },
        customRoutes: [
          {
            path: '/custom',
            method: ['GET'],
            handler: (_req, res) => {
              res.writeHead(200, { 'content-type': 'text/plain' });
              res.end('custom route');
            },
          },
        ],
      },
    });
    app.command('/pipeline', async ({ ack, command }) => {
      commands.push(command.text);
      await ack({ response_type: 'ephemeral', text: `ran ${command.text}` });
    });
    app.event('app_home_opened', async ({ event }) => {
      events.push(event.user);
    });
    app.view('editor', async ({ ack, view }) => {
      views.push(view.id);
      await ack();
    });
    await app.init();
    const server = (await app.start(0)) as Server;
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    url = `${baseUrl}/slack/events`;
  });

  afterEach(async () => {
    await app.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);

  function homeOpened(eventId: string): string {
    return JSON.stringify({
      token: 'legacy-token-unused',
      team_id: 'T0TEST',
      api_app_id: 'A0TEST',
      type: 'event_callback',
      event_id: eventId,
      event_time: now(),
      event: { type: 'app_home_opened', user: 'UALICE', channel: 'D0HOME', tab: 'home', event_ts: '1.2' },
      authorizations: [{ team_id: 'T0TEST', user_id: 'U0BOT', is_bot: true }],
    });
  }

  function payloadBody(payload: unknown): string {
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  describe('timestamps', () => {
    it('refuses a timestamp more than 5 minutes in the future, as it refuses one in the past', async () => {
      const future = await sendSlashCommand(url, { user: 'UALICE', text: 'future' }, { timestamp: now() + 6 * 60 });
      const past = await sendSlashCommand(url, { user: 'UALICE', text: 'past' }, { timestamp: now() - 6 * 60 });
      expect([future.status, past.status]).toEqual([401, 401]);
      expect(((await future.json()) as { message: string }).message).toMatch(/from our clock/);
      expect(commands).toEqual([]);
    });

    it('takes a timestamp within 5 minutes either way (clock skew)', async () => {
      const ahead = await sendSlashCommand(url, { user: 'UALICE', text: 'ahead' }, { timestamp: now() + 4 * 60 });
      const behind = await sendSlashCommand(url, { user: 'UALICE', text: 'behind' }, { timestamp: now() - 4 * 60 });
      expect([ahead.status, behind.status]).toEqual([200, 200]);
      expect(commands).toEqual(['ahead', 'behind']);
    });

    it('refuses a signature computed for another timestamp', async () => {
      const body = 'command=%2Fpipeline&text=x&user_id=UALICE&channel_id=C1';
      const response = await sendSigned(url, body, {
        timestamp: now(),
        signature: sign(SIGNING_SECRET, now() - 1, body),
      });
      expect(response.status).toBe(401);
      expect(commands).toEqual([]);
    });
  });

  describe('retries and replays are processed once', () => {
    it('processes an identical signed request replayed within the window once, and acknowledges the replay', async () => {
      const body = new URLSearchParams({
        command: '/pipeline',
        text: 'status',
        user_id: 'UALICE',
        channel_id: 'C0DATAOPS',
        team_id: 'T0TEST',
        response_url: 'https://hooks.slack.com/commands/T0TEST/1/replayed',
        trigger_id: '9.9.replayed',
      }).toString();
      const timestamp = now();
      const first = await sendSigned(url, body, { timestamp });
      const replay = await sendSigned(url, body, { timestamp });
      expect([first.status, replay.status]).toEqual([200, 200]);
      expect(commands).toEqual(['status']);
      expect(logText()).toContain('already taken');
    });

    it('processes an event once when Slack retries it (x-slack-retry-num, new timestamp), and acks the retry', async () => {
      const first = await sendSigned(url, homeOpened('Ev0001'), { contentType: 'application/json' });
      const retry = await sendSigned(url, homeOpened('Ev0001'), {
        contentType: 'application/json',
        timestamp: now() + 1,
        retryNum: 1,
      });
      const other = await sendSigned(url, homeOpened('Ev0002'), { contentType: 'application/json' });
      expect([first.status, retry.status, other.status]).toEqual([200, 200, 200]);
      expect(events).toEqual(['UALICE', 'UALICE']);
    });

    it('processes a retry whose first delivery never arrived', async () => {
      const retry = await sendSigned(url, homeOpened('Ev0003'), { contentType: 'application/json', retryNum: 2 });
      expect(retry.status).toBe(200);
      expect(events).toEqual(['UALICE']);
    });
  });

  describe('malformed signed bodies get a clear answer, never a 500 or a dead process', () => {
    it('answers payload=null with 400 and the reason, and keeps serving', async () => {
      const response = await sendSigned(url, 'payload=null');
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'bad_request', message: 'expected a JSON object, got null' });
      const next = await sendSlashCommand(url, { user: 'UALICE', text: 'still here' });
      expect(next.status).toBe(200);
      expect(commands).toEqual(['still here']);
    });

    it.each([
      ['payload=%7Bnot%20json', 'the payload field is not JSON'],
      ['payload=%5B1%2C2%5D', 'expected a JSON object, got an array'],
      ['payload=%7B%7D', 'neither a slash command (command) nor an event or interaction (type)'],
      ['payload=1&payload=2', 'the form field payload is repeated'],
      ['command=%2Fpipeline&text=x', 'a slash command without user_id'],
      [
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'UALICE' }, channel: null, actions: [] }))}`,
        'the channel field is not an object',
      ],
      [
        `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'UALICE' }, team: { id: 'T0TEST' } }))}`,
        'a view_submission payload without a view',
      ],
    ])('answers %s with 400: %s', async (body, message) => {
      const response = await sendSigned(url, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(message);
    });

    it.each([
      [{ type: 'event_callback', event_id: 'Ev0NULL', event: null }, 'the event field is not an object'],
      [{ type: 'event_callback', event_id: 'Ev0NONE' }, 'an event_callback without an event'],
      [
        { type: 'event_callback', event_id: 'Ev0ITEM', event: { type: 'reaction_added', item: 'x' } },
        'the event.item field is not an object',
      ],
      [
        { type: 'event_callback', event_id: 'Ev0AUTH', event: { type: 'app_home_opened' }, authorizations: [null] },
        'the authorizations field is not a list of objects',
      ],
    ])('answers an event Bolt would trip over with 400 (%j)', async (event, message) => {
      const response = await sendSigned(url, JSON.stringify(event), { contentType: 'application/json' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(message);
      expect(events).toEqual([]);
    });

    it('takes the nulls Slack does send (team and enterprise of an org-wide install)', async () => {
      const response = await sendSigned(
        url,
        payloadBody({
          type: 'view_submission',
          team: null,
          enterprise: null,
          user: { id: 'UALICE', team_id: 'T0TEST' },
          view: { id: 'V2', callback_id: 'editor', app_installed_team_id: 'T0TEST', state: { values: {} } },
        }),
      );
      expect(response.status).toBe(200);
      expect(views).toEqual(['V2']);
    });

    it('answers an interaction that names no user with 400 (Bolt answers 500)', async () => {
      const response = await sendSigned(
        url,
        payloadBody({
          type: 'block_actions',
          team: { id: 'T0TEST' },
          actions: [{ action_id: 'change_approve', value: '1' }],
        }),
      );
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe('a block_actions payload without user.id');
    });

    it.each([
      [
        'a command',
        'command=%2Fpipeline&text=status&user_id=alice',
        'a slash command whose user_id is not a Slack user id',
      ],
      [
        'a click',
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U<!channel>' }, actions: [] }))}`,
        'a block_actions payload whose user.id is not a Slack user id',
      ],
      [
        'a modal submission',
        `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'ualice' }, view: { callback_id: 'editor' } }))}`,
        'a view_submission payload whose user.id is not a Slack user id',
      ],
    ])('answers %s from a user id that is not Slack’s (U…/W…) with 400, unprocessed', async (_what, body, message) => {
      const response = await sendSigned(url, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(message);
      expect([...commands, ...views]).toEqual([]);
    });

    it('answers a command with a NUL character in its text privately, without running it', async () => {
      const response = await sendSlashCommand(url, { user: 'UALICE', text: 'input pause a\u0000b' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        response_type: 'ephemeral',
        text: expect.stringMatching(/NUL character or broken Unicode.*nothing was done/),
      });
      expect(commands).toEqual([]);
    });

    it('points a modal at the field holding a lone surrogate', async () => {
      const payload = {
        type: 'view_submission',
        team: { id: 'T0TEST' },
        user: { id: 'UALICE' },
        view: {
          id: 'V1',
          callback_id: 'editor',
          state: { values: { steps: { steps_input: { type: 'plain_text_input', value: 'broken \ud800 text' } } } },
        },
      };
      const response = await sendSigned(url, payloadBody(payload));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        response_action: 'errors',
        errors: { steps: expect.stringMatching(/lone surrogate/) },
      });
      expect(views).toEqual([]);
    });
  });

  describe('transport', () => {
    it('refuses a declared body larger than Slack ever sends with 413, unread', async () => {
      const body = `command=%2Fpipeline&user_id=UALICE&text=${'x'.repeat(1024 * 1024)}`;
      const response = await sendSigned(url, body);
      expect(response.status).toBe(413);
      expect(commands).toEqual([]);
    });

    it('refuses a streamed body with 413 as soon as it passes the limit, and closes the connection', async () => {
      const outcome = await new Promise<{ status: number; closedByServer: boolean }>((resolve, reject) => {
        const req = httpRequest(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': String(now()),
            'x-slack-signature': 'v0=0000',
            'transfer-encoding': 'chunked',
          },
        });
        req.on('response', (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          // The client never ends the request nor closes the socket: only the server can.
          const giveUp = setTimeout(() => {
            req.destroy();
            resolve({ status, closedByServer: false });
          }, 3000);
          req.socket?.once('close', () => {
            clearTimeout(giveUp);
            resolve({ status, closedByServer: true });
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          // The server hanging up on a body still being written is the point; anything else is not.
          if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
        });
        // 1 MiB + 64 KiB written, and the request never ended: only an answer before the end can come back.
        for (let i = 0; i < 17; i++) req.write('x'.repeat(64 * 1024));
      });
      expect(outcome).toEqual({ status: 413, closedByServer: true });
    });

    it('refuses a content type Slack does not send with 415', async () => {
      const response = await sendSigned(url, 'command=%2Fpipeline&user_id=UALICE&text=x', {
        contentType: 'text/plain',
      });
      expect(response.status).toBe(415);
      expect(commands).toEqual([]);
    });

    it('still answers Slack’s url_verification and ssl_check, and serves the custom routes', async () => {
      const challenge = await sendSigned(url, JSON.stringify({ type: 'url_verification', challenge: 'abc123' }), {
        contentType: 'application/json',
      });
      expect(await challenge.json()).toEqual({ challenge: 'abc123' });
      const sslCheck = await sendSigned(url, 'ssl_check=1&token=x', { unsigned: true });
      expect(sslCheck.status).toBe(200);
      const custom = await fetch(`${baseUrl}/custom`);
      expect(await custom.text()).toBe('custom route');
      expect((await fetch(`${baseUrl}/nowhere`)).status).toBe(404);
      expect((await fetch(url)).status).toBe(405);
    });
  });
});
