import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDatabaseDeliveryLedger, pruneDeliveries } from '../../src/bot/http/database-delivery-ledger.js';
import { createSlackApp } from '../../src/bot/slack-app.js';
import { captureLogs } from '../support/capture-logs.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { SIGNING_SECRET, sendSigned } from '../support/slack-http.js';

describeEachBackend('Slack deliveries recorded in the database', (backend) => {
  const db = useTestDatabase(backend);
  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
  });

  /** Two replicas: two Bolt apps in HTTP mode on one database, each counting the commands it ran. */
  let replicas: { app: App; url: string; ran: string[] }[] = [];

  beforeEach(async () => {
    replicas = [];
    for (let i = 0; i < 2; i++) {
      const app = createSlackApp({
        slack: {
          mode: 'http',
          botToken: 'xoxb-test',
          signingSecret: SIGNING_SECRET,
          port: 0,
          botId: 'B',
          botUserId: 'U',
        },
        logger: captureLogs().logger,
        boltOptions: { processBeforeResponse: true, clientOptions: { retryConfig: { retries: 0 } } },
        db: db(),
      });
      const ran: string[] = [];
      app.command('/pipeline', async ({ ack, command }) => {
        ran.push(command.text);
        await ack();
      });
      app.event('app_home_opened', async ({ event }) => {
        ran.push(`home:${event.user}`);
      });
      await app.init();
      const server = (await app.start(0)) as Server;
      replicas.push({ app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, ran });
    }
  });

  afterEach(async () => {
    for (const replica of replicas) await replica.app.stop();
  });

  it('processes a request replayed to another replica once, and acknowledges the replay', async () => {
    const [a, b] = replicas;
    if (!a || !b) throw new Error('two replicas expected');
    const body = 'command=%2Fpipeline&text=status&user_id=UALICE&channel_id=C1&trigger_id=1.2.3';
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await sendSigned(a.url, body, { timestamp });
    const replay = await sendSigned(b.url, body, { timestamp });
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect([...a.ran, ...b.ran]).toEqual(['status']);
    const { rows } = await db().query<{ delivery_key: string }>('SELECT delivery_key FROM slack_deliveries');
    expect(rows).toEqual([{ delivery_key: expect.stringMatching(/^body:[0-9a-f]{64}$/) }]);
  });

  it('processes an event once when Slack retries it on another replica (new timestamp, same event_id)', async () => {
    const [a, b] = replicas;
    if (!a || !b) throw new Error('two replicas expected');
    const event = (eventId: string) =>
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0TEST',
        api_app_id: 'A0TEST',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_home_opened', user: 'UALICE', channel: 'D0HOME', tab: 'home', event_ts: '1.2' },
        authorizations: [{ team_id: 'T0TEST', user_id: 'U', is_bot: true }],
      });
    const json = { contentType: 'application/json' };
    const first = await sendSigned(a.url, event('Ev0REPLICA'), json);
    const retry = await sendSigned(b.url, event('Ev0REPLICA'), {
      ...json,
      timestamp: Math.floor(Date.now() / 1000) + 2,
      retryNum: 1,
    });
    const other = await sendSigned(b.url, event('Ev0OTHER'), json);
    expect([first.status, retry.status, other.status]).toEqual([200, 200, 200]);
    expect([...a.ran, ...b.ran]).toEqual(['home:UALICE', 'home:UALICE']);
    expect(b.ran).toEqual(['home:UALICE']);
  });

  it('lets exactly one of many concurrent claims of a key win', async () => {
    const ledger = createDatabaseDeliveryLedger(db());
    const at = new Date('2026-12-01T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 8 }, () => ledger.claim('event:Ev42', at)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets deliveries older than the retention, a bounded batch at a time', async () => {
    const t0 = new Date('2026-12-01T10:00:00Z').getTime();
    const ledger = createDatabaseDeliveryLedger(db(), {
      retentionMs: 60_000,
      pruneEveryMs: 10 * 60_000,
      pruneBatch: 2,
    });
    for (const key of ['k1', 'k2', 'k3']) expect(await ledger.claim(key, new Date(t0))).toBe(true);
    expect(await ledger.claim('k1', new Date(t0 + 1000))).toBe(false);
    expect(await pruneDeliveries(db(), new Date(t0 + 1), 2)).toBe(2);
    expect(await pruneDeliveries(db(), new Date(t0 + 1), 2)).toBe(1);
    expect(await pruneDeliveries(db(), new Date(t0 + 1), 2)).toBe(0);
    // The ledger prunes by itself on a claim once pruneEveryMs has passed since the last prune.
    await ledger.claim('k4', new Date(t0 + 11 * 60_000));
    await ledger.claim('k5', new Date(t0 + 22 * 60_000));
    const { rows } = await db().query<{ delivery_key: string }>(
      'SELECT delivery_key FROM slack_deliveries ORDER BY delivery_key',
    );
    expect(rows.map((row) => row.delivery_key)).toEqual(['k5']);
  });
});
