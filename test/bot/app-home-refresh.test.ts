import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { type Alerting, startAlerting } from '../../src/bot/alerts/alerting.js';
import { startChangeHousekeeping } from '../../src/bot/change-housekeeping.js';
import { createSlackApp, wireSlackApp } from '../../src/bot/slack-app.js';
import type { HomeTabs } from '../../src/handlers/home/home-tabs.js';
import type { AlertmanagerWebhook } from '../../src/services/alerts/alertmanager/alertmanager-payload.js';
import { parseAlertRules } from '../../src/services/alerts/rules/load-alert-rules.js';
import type { Database } from '../../src/services/db/database.js';
import { openPostgresDatabase } from '../../src/services/db/postgres-database.js';
import type { PipelineProvider } from '../../src/services/pipeline/provider.js';
import { createServices, type Services } from '../../src/services/services.js';
import { captureLogs } from '../support/capture-logs.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../support/database/index.js';
import type { FakeClock } from '../support/fake-clock.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { type HomeViewShown, sendHomeOpened } from '../support/slack-home.js';
import { FakeSlack, SIGNING_SECRET, sendSlashCommand } from '../support/slack-http.js';
import { noGroups, startWorkflowWorld, type WorkflowWorld } from '../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';
const MIN = 60_000;
const ALERT_CHANNEL = 'C0ALERTS';
const RULES = `
defaults: { resolveAfter: 0s, reopenWindow: 30m }
rules:
  - id: input-errors
    title: Input errors
    metric: ERROR_EVENTS
    input: '*'
    when: above
    threshold: 100
    severity: critical
`;

interface Block {
  type: string;
  text?: { text: string };
  elements?: { text?: { text: string } | string }[];
}

/** A published Home view as text: its sections, headers and context lines. */
function homeText(view: HomeViewShown | undefined): string {
  return ((view?.blocks ?? []) as Block[])
    .map((block) =>
      block.text
        ? block.text.text
        : (block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))).join(' '),
    )
    .join('\n');
}

/** One pipeops process: its own services and Bolt app (HTTP mode) over the shared database and pipeline. */
interface Replica {
  name: string;
  services: Services;
  app: App;
  home: HomeTabs;
  url: string;
  /** What main.ts hands housekeeping and the alert loop. */
  onHomeMayChange: () => void;
  stopped: boolean;
}

function alertmanagerNotification(status: 'firing' | 'resolved', alertname: string): AlertmanagerWebhook {
  return {
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'pipeops',
    groupLabels: { alertname },
    commonLabels: { alertname, severity: 'critical' },
    commonAnnotations: { summary: `${alertname} is high` },
    externalURL: '',
    alerts: [
      {
        status,
        labels: { alertname, severity: 'critical' },
        annotations: {},
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: 'f1',
      },
    ],
  } as AlertmanagerWebhook;
}

describeEachBackend('App Home tabs refreshed after background work and across replicas', (backend) => {
  const db = useTestDatabase(backend);
  useLoopbackOnlyNetwork();

  let world: WorkflowWorld;
  let slack: FakeSlack;
  let replicas: Replica[];
  let extraPools: Database[];
  const logs = captureLogs();

  beforeEach(async () => {
    await truncateAllTables(db());
    world = await startWorkflowWorld(db());
    slack = new FakeSlack();
    slack.install();
    replicas = [];
    extraPools = [];
  });

  afterEach(async () => {
    for (const replica of replicas) {
      await replica.home.settled();
      if (!replica.stopped) await replica.app.stop();
    }
    for (const pool of extraPools) await pool.close();
    nock.cleanAll();
    await world.close();
  });

  /**
   * A replica over the test database: the first uses the world's services; later ones have services of their own
   * (on PostgreSQL over a pool of their own, as another process would), all over the same pipeline and clock.
   */
  async function startReplica(name: string): Promise<Replica> {
    let services = world.services;
    if (replicas.length > 0) {
      let replicaDb: Database = db();
      const connectionString = db().connectionString;
      if (connectionString) {
        replicaDb = await openPostgresDatabase({ connectionString, max: 4 });
        extraPools.push(replicaDb);
      }
      services = servicesOver(replicaDb, world.pipeline, world.clock, name);
    }
    const app = createSlackApp({
      slack: {
        mode: 'http',
        botToken: 'xoxb-test',
        signingSecret: SIGNING_SECRET,
        port: 0,
        botId: 'B0BOT',
        botUserId: 'U0BOT',
      },
      logger: logs.logger,
      boltOptions: { processBeforeResponse: true, clientOptions: { retryConfig: { retries: 0 } } },
    });
    const { home } = wireSlackApp(app, { services, logger: logs.logger, command: '/pipeline' });
    await app.init();
    const server = (await app.start(0)) as Server;
    const replica: Replica = {
      name,
      services,
      app,
      home,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
      onHomeMayChange: () => home.refreshSoon(app.client),
      stopped: false,
    };
    replicas.push(replica);
    return replica;
  }

  const publishedFor = (user: string) => slack.callsOf('views.publish').filter((call) => call.body.user_id === user);
  const lastHomeOf = (user: string) => homeText(publishedFor(user).at(-1)?.body.view as HomeViewShown | undefined);

  async function openHome(replica: Replica, user: string): Promise<string> {
    const before = publishedFor(user).length;
    expect((await sendHomeOpened(replica.url, user)).status).toBe(200);
    await vi.waitFor(() => expect(publishedFor(user).length).toBeGreaterThan(before));
    await replica.home.settled();
    return lastHomeOf(user);
  }

  async function proposePause(replica: Replica): Promise<number> {
    expect((await sendSlashCommand(replica.url, { user: ALICE, text: 'input pause mixpanel_engage_one' })).status).toBe(
      200,
    );
    const [request] = await replica.services.changes.listPending(1);
    if (!request) throw new Error('no request proposed');
    await replica.home.settled();
    return request.id;
  }

  it('re-publishes a viewer’s tab when housekeeping expires a pending request, and only then', async () => {
    const a = await startReplica('a');
    const id = await proposePause(a);
    expect(await openHome(a, BOB)).toContain('*Waiting for your approval (1)*');
    // Carol looked two hours ago: past the window, her tab is not pushed any more.
    await world.services.homeViewers.remember(CAROL, new Date(Date.now() - 2 * 60 * MIN));

    const housekeeping = startChangeHousekeeping({
      changes: world.services.changes,
      client: a.app.client,
      logger: logs.logger,
      intervalMs: 60 * MIN,
      onHomeMayChange: a.onHomeMayChange,
    });
    try {
      // Nothing to expire yet: no refresh.
      const before = publishedFor(BOB).length;
      await housekeeping.runOnce();
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(before);

      // Past its deadline the request is still listed (it waits for housekeeping to expire it)...
      world.clock.advance(61 * MIN);
      expect((await world.services.changes.get(id))?.status).toBe('pending');
      await housekeeping.runOnce();
      await a.home.settled();
      expect((await world.services.changes.get(id))?.status).toBe('expired');
      // ...and once expired, Bob's tab is re-published without it, with no click of his.
      expect(publishedFor(BOB)).toHaveLength(before + 1);
      expect(lastHomeOf(BOB)).toContain('*Waiting for your approval (0)*');
      expect(lastHomeOf(BOB)).not.toContain(`#${id} Pause input`);
      expect(publishedFor(CAROL)).toEqual([]);

      // A run that expired nothing publishes nothing.
      await housekeeping.runOnce();
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(before + 1);
    } finally {
      housekeeping.stop();
    }
  });

  it('re-publishes a viewer’s tab when an alert fires and resolves in the alert loop, not after a run that changed nothing', async () => {
    const a = await startReplica('a');
    const alerting = startLoop(a, world.clock, RULES);
    try {
      await alerting.checkNow();
      await a.home.settled();
      expect(await openHome(a, BOB)).toContain('*Firing alerts (0)*');
      const opened = publishedFor(BOB).length;

      world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
      await alerting.checkNow();
      await a.home.settled();
      expect(slack.callsOf('chat.postMessage').map((call) => call.body.channel)).toContain(ALERT_CHANNEL);
      expect(publishedFor(BOB)).toHaveLength(opened + 1);
      expect(lastHomeOf(BOB)).toContain('*Firing alerts (1)*');
      expect(lastHomeOf(BOB)).toContain('Input errors · mixpanel_engage_one');

      // Still firing, nothing new: no publish.
      await alerting.checkNow();
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(opened + 1);

      world.sandbox.setMetric('ERROR_EVENTS', 3, { input: 'mixpanel_engage_one' });
      world.clock.advance(MIN);
      await alerting.checkNow();
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(opened + 2);
      expect(lastHomeOf(BOB)).toContain('*Firing alerts (0)*');
    } finally {
      alerting.stop();
    }
  });

  it('re-publishes a viewer’s tab when an Alertmanager notification is ingested', async () => {
    const a = await startReplica('a');
    const alerting = startLoop(a, world.clock, null);
    try {
      expect(await openHome(a, BOB)).toContain('*Firing alerts (0)*');
      const opened = publishedFor(BOB).length;

      // A resolved notification for a group never seen changes nothing.
      await alerting.ingestAlertmanager(alertmanagerNotification('resolved', 'LoaderLag'));
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(opened);

      await alerting.ingestAlertmanager(alertmanagerNotification('firing', 'LoaderLag'));
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(opened + 1);
      expect(lastHomeOf(BOB)).toContain('*Firing alerts (1)*');
      expect(lastHomeOf(BOB)).toContain('LoaderLag is high');

      await alerting.ingestAlertmanager(alertmanagerNotification('resolved', 'LoaderLag'));
      await a.home.settled();
      expect(publishedFor(BOB)).toHaveLength(opened + 2);
      expect(lastHomeOf(BOB)).toContain('*Firing alerts (0)*');
      await alerting.syncNow();
    } finally {
      alerting.stop();
    }
  });

  it('a change made on replica B re-publishes the tab of someone who opened it on replica A', async () => {
    const a = await startReplica('a');
    const b = await startReplica('b');
    expect(await openHome(a, BOB)).toContain('*Waiting for your approval (0)*');
    // Replica A goes away: whatever is published from now on, B published.
    await a.app.stop();
    a.stopped = true;
    const opened = publishedFor(BOB).length;

    const id = await proposePause(b);
    await vi.waitFor(() => expect(publishedFor(BOB).length).toBeGreaterThan(opened));
    await b.home.settled();
    expect(lastHomeOf(BOB)).toContain('*Waiting for your approval (1)*');
    expect(lastHomeOf(BOB)).toContain(`#${id} Pause input mixpanel_engage_one · by <@${ALICE}>`);

    // And B's housekeeping refreshes A's viewer when the request expires.
    const housekeeping = startChangeHousekeeping({
      changes: b.services.changes,
      client: b.app.client,
      logger: logs.logger,
      intervalMs: 60 * MIN,
      onHomeMayChange: b.onHomeMayChange,
    });
    try {
      world.clock.advance(61 * MIN);
      await housekeeping.runOnce();
      await b.home.settled();
      expect(lastHomeOf(BOB)).toContain('*Waiting for your approval (0)*');
    } finally {
      housekeeping.stop();
    }
  });

  /** The alert loop as main.ts starts it (its timer effectively off: tests run it with checkNow). */
  function startLoop(replica: Replica, clock: FakeClock, rules: string | null): Alerting {
    return startAlerting({
      services: replica.services,
      client: replica.app.client,
      db: db(),
      pipeline: world.pipeline,
      clock,
      logger: logs.logger,
      rules: rules === null ? null : parseAlertRules(rules, 'test rules'),
      defaultChannel: ALERT_CHANNEL,
      intervalMs: 60 * MIN,
      onHomeMayChange: replica.onHomeMayChange,
    });
  }
});

/** Services of another process over `db`, configured as the world's are. */
function servicesOver(db: Database, pipeline: PipelineProvider, clock: FakeClock, name: string): Services {
  return createServices({
    db,
    pipeline,
    access: { proposers: [], approvers: [] },
    directory: noGroups,
    clock,
    changeTtlMs: 60 * MIN,
    logger: { info() {}, warn() {}, error() {} },
    workflow: {
      instanceId: `test-process-${name}`,
      lockWaitMs: 10_000,
      reconcile: { attempts: 3, delayMs: 10, settleAfterMs: 0 },
    },
  });
}
