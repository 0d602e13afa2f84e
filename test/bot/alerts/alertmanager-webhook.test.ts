import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareAlerting } from '../../../src/bot/alerts/alert-setup.js';
import { startAlertmanagerServer } from '../../../src/bot/alerts/alertmanager-server.js';
import { loadConfig } from '../../../src/bot/config.js';
import { createServices } from '../../../src/services/services.js';
import { blocksText, buttonValue, useAlertingSlackWorld } from '../../support/alerting-slack-world.js';
import {
  ALERT_CHANNEL,
  type AlertingWorld,
  eventually,
  eventuallySome,
  startAlertingWorld,
  WEBHOOK_TOKEN,
} from '../../support/alerting-world.js';
import { postNotification } from '../../support/alertmanager.js';
import { captureLogs } from '../../support/capture-logs.js';
import { truncateAllTables, useTestDatabase } from '../../support/database/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { useLoopbackOnlyNetwork } from '../../support/loopback-only-network.js';
import { FakeSlack, sendButtonClick } from '../../support/slack-http.js';
import { noGroups } from '../../support/workflow-world.js';

const AM_URL = 'http://alertmanager.test:9093';
const AM_PASSWORD = 'am-api-password-SECRET';

/** The notification Alertmanager 0.25 sent, as captured in shared/reference/alerting.md. */
function firingPayload() {
  const labels = {
    alertname: 'EtlPipelineDown',
    instance: '127.0.0.1:9464',
    job: 'etl-bot',
    pipeline: 'billing_etl',
    severity: 'critical',
    team: 'data',
  };
  const annotations = { runbook_url: 'https://runbooks.example/etl', summary: 'Pipeline billing_etl is down' };
  return {
    receiver: 'etl-bot',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: '2026-11-23T07:05:14.125436964Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://vm:19090/graph?g0.expr=etl_pipeline_up+%3D%3D+0&g0.tab=1',
        fingerprint: '9a8b90c928b694e4',
      },
    ],
    groupLabels: { alertname: 'EtlPipelineDown', pipeline: 'billing_etl' },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://vm:19093',
    version: '4',
    groupKey: '{}:{alertname="EtlPipelineDown", pipeline="billing_etl"}',
    truncatedAlerts: 0,
  };
}

function resolvedPayload() {
  const payload = firingPayload();
  payload.status = 'resolved';
  for (const alert of payload.alerts) {
    alert.status = 'resolved';
    alert.endsAt = '2026-11-23T07:15:00Z';
  }
  return payload;
}

describe('Alertmanager webhook → Slack (HTTP mode, on the Bolt server)', () => {
  const db = useTestDatabase('sqlite');
  const current = useAlertingSlackWorld(db, {
    rules: 'rules: []',
    env: { ALERTMANAGER_URL: AM_URL, ALERTMANAGER_API_USER: 'pipeops', ALERTMANAGER_API_PASSWORD: AM_PASSWORD },
  });

  const posts = () => current().slack.callsOf('chat.postMessage');
  const updates = () => current().slack.callsOf('chat.update');
  const settled = () => current().world.running.alerting.syncNow();

  it('posts one message per group for the real v4 payload, and answers 200', async () => {
    const { world } = current();
    const response = await postNotification(world.webhookUrl, firingPayload());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const [message] = await eventuallySome(posts);
    expect(message?.body).toMatchObject({
      channel: ALERT_CHANNEL,
      text: '[CRITICAL] Pipeline billing_etl is down: 1 firing',
    });
    const text = blocksText(message);
    expect(text).toContain('🔴 Pipeline billing_etl is down');
    expect(text).toContain('*1* firing · receiver `etl-bot`');
    // The alert's own labels (those not shared by the whole group) and its source link.
    expect(text).toContain('<http://vm:19090/graph?g0.expr=etl_pipeline_up+%3D%3D+0&g0.tab=1|source>');
    expect(text).toContain('<https://runbooks.example/etl|Runbook>');
    expect(text).toContain('<http://vm:19093/#/alerts|Alertmanager>');
    expect(text).toContain('alert_ack');

    // Alertmanager repeats the same notification (repeat_interval, retries): nothing new in Slack.
    await postNotification(world.webhookUrl, firingPayload());
    await settled();
    expect(posts()).toHaveLength(1);
    expect(updates()).toEqual([]);
  });

  it('keys alerts by fingerprint: a second alert in the group edits the same message', async () => {
    const { world } = current();
    await postNotification(world.webhookUrl, firingPayload());
    await eventually(() => (posts().length === 1 ? true : undefined));
    const two = firingPayload();
    const second = structuredClone(two.alerts[0]);
    if (!second) throw new Error('fixture');
    second.fingerprint = '1111222233334444';
    second.labels = { ...second.labels, instance: '127.0.0.1:9465' };
    two.alerts.push(second);
    two.commonLabels = { ...two.commonLabels };
    delete (two.commonLabels as Record<string, string>).instance;
    expect((await postNotification(world.webhookUrl, two)).status).toBe(200);
    await eventually(() => (updates().length === 1 ? true : undefined));
    expect(posts()).toHaveLength(1);
    expect(blocksText(updates()[0])).toContain('*2* firing');
    expect(blocksText(updates()[0])).toContain('instance=127.0.0.1:9465');
  });

  it('resolves: edits the original and replies in its thread', async () => {
    const { world } = current();
    await postNotification(world.webhookUrl, firingPayload());
    await eventually(() => (posts().length === 1 ? true : undefined));
    expect((await postNotification(world.webhookUrl, resolvedPayload())).status).toBe(200);
    await eventually(() => (posts().length === 2 ? true : undefined));
    expect(updates()).toHaveLength(1);
    expect(blocksText(updates()[0])).toContain('✅ Pipeline billing_etl is down');
    expect(blocksText(updates()[0])).not.toContain('alert_ack');
    expect(posts()[1]?.body).toMatchObject({ thread_ts: '1800000001.000100' });
    expect(posts()[1]?.body.text).toMatch(/^✅ Resolved after 0 min: \*Pipeline billing_etl is down\*\.$/);
  });

  it('a resolve arriving while the firing message is being posted is told after the edit, with how long it lasted', async () => {
    const { world, slack } = current();
    const answerPost = slack.holdNext('chat.postMessage');
    await postNotification(world.webhookUrl, firingPayload());
    await eventually(() => (posts().length === 1 ? true : undefined));
    // The firing message is on its way (Slack has not answered): the group resolves meanwhile.
    expect((await postNotification(world.webhookUrl, resolvedPayload())).status).toBe(200);
    answerPost();
    await eventually(() => (posts().length === 2 ? true : undefined));
    expect(updates()).toHaveLength(1);
    expect(blocksText(updates()[0])).toContain('✅ Pipeline billing_etl is down');
    expect(posts()[1]?.body.text).toMatch(/^✅ Resolved after 0 min: \*Pipeline billing_etl is down\*\.$/);
  });

  it('ignores a resolved notification for a group it never saw firing', async () => {
    const { world, slack } = current();
    expect((await postNotification(world.webhookUrl, resolvedPayload())).status).toBe(200);
    await settled();
    expect(slack.calls).toEqual([]);
  });

  it('answers 400 to anything that is not a v4 notification, and posts nothing', async () => {
    const { world, slack } = current();
    const bad: [string, unknown][] = [
      ['not JSON', '{"receiver": '],
      ['empty body', ''],
      ['an array', [firingPayload()]],
      ['version 3', { ...firingPayload(), version: '3' }],
      ['no groupKey', { ...firingPayload(), groupKey: undefined }],
      ['alerts not a list', { ...firingPayload(), alerts: {} }],
      ['no alerts', { ...firingPayload(), alerts: [] }],
      ['bad status', { ...firingPayload(), status: 'pending' }],
      [
        'alert without fingerprint',
        { ...firingPayload(), alerts: [{ ...firingPayload().alerts[0], fingerprint: '' }] },
      ],
      ['bad timestamp', { ...firingPayload(), alerts: [{ ...firingPayload().alerts[0], startsAt: 'yesterday' }] }],
      ['label not a string', { ...firingPayload(), commonLabels: { severity: 3 } }],
    ];
    for (const [what, body] of bad) {
      const response = await postNotification(world.webhookUrl, body);
      expect(response.status, what).toBe(400);
      const answer = (await response.json()) as { error: string };
      expect(answer.error, what).toBe('bad_request');
    }
    const versioned = await postNotification(world.webhookUrl, { ...firingPayload(), version: '3' });
    expect(await versioned.json()).toMatchObject({
      problems: ['version: only version "4" notifications are understood'],
    });
    await settled();
    expect(slack.calls).toEqual([]);
    expect((await db().query('SELECT count(*)::int AS n FROM alerts')).rows[0]).toEqual({ n: 0 });
  });

  it('answers 401 without the right bearer token (and never logs it), 405 to GET', async () => {
    const { world, slack } = current();
    for (const authorization of [
      null,
      'Bearer wrong-token-0123456789',
      `Basic ${btoa(`x:${WEBHOOK_TOKEN}`)}`,
      WEBHOOK_TOKEN,
    ]) {
      const response = await postNotification(world.webhookUrl, firingPayload(), authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="pipeops"');
    }
    expect((await fetch(world.webhookUrl)).status).toBe(405);
    await settled();
    expect(slack.calls).toEqual([]);
    expect(world.logText()).toContain('bad or missing token');
    expect(world.logText()).not.toContain(WEBHOOK_TOKEN);
  });

  it('Acknowledge creates an Alertmanager silence for the group (createdBy the Slack user) and shows it', async () => {
    const { world } = current();
    await postNotification(world.webhookUrl, firingPayload());
    const [message] = await eventuallySome(posts);
    const value = buttonValue(message, 'alert_ack');
    let silence: Record<string, unknown> | undefined;
    const api = nock(AM_URL)
      .matchHeader('authorization', `Basic ${btoa(`pipeops:${AM_PASSWORD}`)}`)
      .post('/api/v2/silences', (body: Record<string, unknown>) => {
        silence = body;
        return true;
      })
      .reply(200, { silenceID: '9329a1b2-0000-4000-8000-000000000001' });
    const click = await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value });
    expect(click.status).toBe(200);
    expect(api.isDone()).toBe(true);
    expect(silence).toMatchObject({
      matchers: [
        { name: 'alertname', value: 'EtlPipelineDown', isRegex: false, isEqual: true },
        { name: 'pipeline', value: 'billing_etl', isRegex: false, isEqual: true },
      ],
      createdBy: 'slack:UBOB',
      comment: expect.stringMatching(/^Acknowledged in Slack \(pipeops alert #\d+: Pipeline billing_etl is down\)$/),
    });
    const hours = (Date.parse(String(silence?.endsAt)) - Date.parse(String(silence?.startsAt))) / 3_600_000;
    expect(hours).toBe(24);
    expect(blocksText(updates().at(-1))).toContain('👀 Acknowledged by <@UBOB>');
    expect(blocksText(updates().at(-1))).toContain(
      '🔕 Silenced in Alertmanager (`9329a1b2-0000-4000-8000-000000000001`)',
    );
    expect(world.logText()).not.toContain(AM_PASSWORD);

    // Silenced alerts get no resolve notification from Alertmanager: pipeops asks it instead.
    const asked: string[] = [];
    const stillActive = nock(AM_URL)
      .get('/api/v2/alerts')
      .query((query) => {
        asked.push(JSON.stringify(query));
        return true;
      })
      .reply(200, [{ fingerprint: '9a8b90c928b694e4' }]);
    await world.running.alerting.checkNow();
    expect(stillActive.isDone()).toBe(true);
    expect(JSON.parse(asked[0] ?? '{}')).toMatchObject({
      filter: ['alertname="EtlPipelineDown"', 'pipeline="billing_etl"'],
      silenced: 'true',
    });
    expect(await world.services.alerts.listFiring()).toHaveLength(1);
    nock(AM_URL).get('/api/v2/alerts').query(true).reply(200, []);
    await world.running.alerting.checkNow();
    expect(await world.services.alerts.listFiring()).toEqual([]);
    expect(posts().at(-1)?.body.text).toMatch(
      /^✅ Resolved after 0 min: \*Pipeline billing_etl is down\*\. Resolved while silenced/,
    );
  });

  it('Snooze 1h creates a one-hour silence; when Alertmanager refuses, nothing is recorded and the user is told', async () => {
    const { world, slack } = current();
    await postNotification(world.webhookUrl, firingPayload());
    const [message] = await eventuallySome(posts);
    const value = buttonValue(message, 'alert_snooze1h');
    nock(AM_URL).post('/api/v2/silences').reply(500, { code: 500, message: 'storage full' });
    await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_snooze1h', value });
    expect(slack.responses.at(-1)?.body.text).toBe(
      ':warning: Alertmanager refused the silence (HTTP 500: storage full).',
    );
    expect(updates()).toEqual([]);
    const [stored] = await world.services.alerts.listFiring();
    expect(stored).toMatchObject({ snoozedBy: null, silenceIds: [] });

    let endsAt = '';
    let startsAt = '';
    nock(AM_URL)
      .post('/api/v2/silences', (body: { startsAt: string; endsAt: string }) => {
        ({ startsAt, endsAt } = body);
        return true;
      })
      .reply(200, { silenceID: 'abc' });
    await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_snooze1h', value });
    expect((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000).toBe(60);
    expect(blocksText(updates().at(-1))).toContain('💤 Snoozed by <@UBOB>');
  });
});

describe('Alertmanager webhook server (Socket Mode and console)', () => {
  it('serves only the webhook path', async () => {
    const server = await startAlertmanagerServer({
      host: '127.0.0.1',
      port: 0,
      handler: (_req, res) => {
        res.writeHead(204);
        res.end();
      },
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alerts\/alertmanager$/);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(204);
      expect((await fetch(server.url.replace('/alerts/alertmanager', '/other'), { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('Alertmanager webhook in Socket Mode (its own port)', () => {
  const db = useTestDatabase('sqlite');

  useLoopbackOnlyNetwork();

  it('serves POST /alerts/alertmanager on ALERTMANAGER_WEBHOOK_HOST:PORT and posts to the default channel', async () => {
    await truncateAllTables(db());
    const slack = new FakeSlack();
    slack.install();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-socket',
      SLACK_APP_TOKEN: 'xapp-socket',
      PIPEOPS_SANDBOX: '1',
      PIPEOPS_ALERT_CHANNEL: '#data-alerts',
      PIPEOPS_ALERT_INTERVAL_SECONDS: '3600',
      ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      ALERTMANAGER_WEBHOOK_PORT: '0',
    });
    const plan = await prepareAlerting(config, null);
    expect(plan.customRoutes).toEqual([]);
    const clock = new FakeClock();
    const logs = captureLogs();
    // The default rules run too: with a pipeline reporting nothing, their "metrics missing" alert is posted as well.
    const pipeline = { getMetrics: async () => [] };
    const services = createServices({
      db: db(),
      pipeline: pipeline as never,
      access: { proposers: [], approvers: [] },
      directory: noGroups,
      clock,
      changeTtlMs: 60_000,
      logger: logs.logger,
    });
    const client = new webApi.WebClient('xoxb-socket', { retryConfig: { retries: 0 } });
    const running = await plan.start({ services, client, db: db(), pipeline, clock, logger: logs.logger });
    try {
      expect(running.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alerts\/alertmanager$/);
      const url = running.webhookUrl ?? '';
      expect((await postNotification(url, firingPayload(), null)).status).toBe(401);
      expect((await postNotification(url, firingPayload())).status).toBe(200);
      const message = await eventually(() =>
        slack.callsOf('chat.postMessage').find((c) => String(c.body.text).includes('Pipeline billing_etl is down')),
      );
      expect(message.body).toMatchObject({ channel: '#data-alerts' });
    } finally {
      await running.stop();
      nock.cleanAll();
    }
  });
});

describe('Alertmanager silences without ALERTMANAGER_URL: only to hosts in ALERTMANAGER_ALLOWED_HOSTS', () => {
  const db = useTestDatabase('sqlite');
  let slack: FakeSlack;
  let world: AlertingWorld | null = null;

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    slack = new FakeSlack();
    slack.install();
  });

  afterEach(async () => {
    await world?.close();
    world = null;
    nock.cleanAll();
  });

  /** Posts the notification (externalURL http://vm:19093) and presses Acknowledge on the alert's message. */
  async function acknowledge(env: Record<string, string>) {
    world = await startAlertingWorld(db(), { rules: 'rules: []', env });
    await postNotification(world.webhookUrl, firingPayload());
    const [message] = await eventuallySome(() => slack.callsOf('chat.postMessage'));
    const value = buttonValue(message, 'alert_ack');
    const silences = nock('http://vm:19093').post('/api/v2/silences').reply(200, { silenceID: 'from-external-url' });
    await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value });
    return { silences, world };
  }

  it('a notification naming a host not allowed makes no request: the user and the log say what to set', async () => {
    const { silences, world: running } = await acknowledge({});
    expect(silences.isDone()).toBe(false);
    expect(String(slack.responses.at(-1)?.body.text)).toContain(
      'that host is not in ALERTMANAGER_ALLOWED_HOSTS. Set ALERTMANAGER_URL, or add the host to ALERTMANAGER_ALLOWED_HOSTS.',
    );
    const [stored] = await running.services.alerts.listFiring();
    expect(stored).toMatchObject({ ackedBy: null, silenceIds: [] });
    expect(running.logText()).toMatch(/"level":40[^\n]*not in ALERTMANAGER_ALLOWED_HOSTS/);
  });

  it('an allowed host (host:port) gets the silence, at the externalURL the notification carries', async () => {
    const { silences, world: running } = await acknowledge({ ALERTMANAGER_ALLOWED_HOSTS: 'VM:19093' });
    expect(silences.isDone()).toBe(true);
    const [stored] = await running.services.alerts.listFiring();
    expect(stored).toMatchObject({ ackedBy: 'UBOB', silenceIds: ['from-external-url'] });
  });

  it('the same host on another port is not allowed by a host:port entry', async () => {
    const { silences } = await acknowledge({ ALERTMANAGER_ALLOWED_HOSTS: 'vm:9093' });
    expect(silences.isDone()).toBe(false);
  });
});
