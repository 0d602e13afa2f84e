import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { blocksText, buttonValue } from '../../support/alerting-slack-world.js';
import {
  ALERT_CHANNEL,
  type AlertingWorld,
  eventually,
  startAlertingWorld,
  WEBHOOK_TOKEN,
} from '../../support/alerting-world.js';
import {
  describeWithAlertmanager,
  freePort,
  type RunningAlertmanager,
  startAlertmanager,
} from '../../support/alertmanager.js';
import { useTestDatabase } from '../../support/database/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { useLoopbackOnlyNetwork } from '../../support/loopback-only-network.js';
import { FakeSlack, sendButtonClick } from '../../support/slack-http.js';

interface Silence {
  id: string;
  status: { state: string };
  createdBy: string;
  comment: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
}

describeWithAlertmanager('end to end with a real Alertmanager (webhook → Slack, Acknowledge → silence)', (binary) => {
  const db = useTestDatabase('sqlite');
  const slack = new FakeSlack();
  let world: AlertingWorld;
  let alertmanager: RunningAlertmanager;

  useLoopbackOnlyNetwork();

  beforeAll(async () => {
    slack.install();
    const port = await freePort();
    world = await startAlertingWorld(db(), {
      rules: 'rules: []',
      env: { ALERTMANAGER_URL: `http://127.0.0.1:${port}` },
      // A real Alertmanager lives in real time: silences made on a fake clock would already have ended.
      clock: new FakeClock(Date.now()),
    });
    alertmanager = await startAlertmanager({ binary, port, webhookUrl: world.webhookUrl, token: WEBHOOK_TOKEN });
  }, 60_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await world?.close();
    nock.cleanAll();
  });

  async function inject(pipeline: string, endsAt?: Date) {
    const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'EtlPipelineDown', pipeline, severity: 'critical', team: 'data' },
          annotations: { summary: `Pipeline ${pipeline} is down`, runbook_url: 'https://runbooks.example/etl' },
          generatorURL: 'http://127.0.0.1:19090/graph?g0.expr=etl_pipeline_up+%3D%3D+0',
          ...(endsAt ? { endsAt: endsAt.toISOString() } : {}),
        },
      ]),
    });
    expect(response.status).toBe(200);
  }

  const messageAbout = (pipeline: string) =>
    slack.callsOf('chat.postMessage').find((c) => !c.body.thread_ts && String(c.body.text).includes(pipeline));

  it('posts the firing group once, then edits it and replies in its thread when it resolves', async () => {
    await inject('billing_etl');
    const firing = await eventually(() => messageAbout('billing_etl'), 20_000);
    expect(firing.body).toMatchObject({
      channel: ALERT_CHANNEL,
      text: '[CRITICAL] Pipeline billing_etl is down: 1 firing',
    });
    expect(blocksText(firing)).toContain(`<${alertmanager.url}/#/alerts|Alertmanager>`);
    expect(blocksText(firing)).toContain('alert_ack');

    await inject('billing_etl', new Date(Date.now() - 1000));
    const reply = await eventually(
      () => slack.callsOf('chat.postMessage').find((c) => String(c.body.text).startsWith('✅ Resolved')),
      20_000,
    );
    expect(reply.body).toMatchObject({ thread_ts: '1800000001.000100' });
    expect(reply.body.text).toContain('Pipeline billing_etl is down');
    const edit = slack.callsOf('chat.update').find((c) => c.body.ts === '1800000001.000100');
    expect(blocksText(edit)).toContain('*Resolved*');
    expect(blocksText(edit)).not.toContain('alert_ack');
    // One message for the group, whatever Alertmanager re-sent in between.
    expect(
      slack.callsOf('chat.postMessage').filter((c) => !c.body.thread_ts && String(c.body.text).includes('billing_etl')),
    ).toHaveLength(1);
  }, 60_000);

  it('Acknowledge creates a silence that Alertmanager lists (createdBy slack:<user>, the group’s matchers)', async () => {
    await inject('orders_etl');
    const message = await eventually(() => messageAbout('orders_etl'), 20_000);
    const value = buttonValue(message, 'alert_ack');
    const click = await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value });
    expect(click.status).toBe(200);

    const silences = (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as Silence[];
    const ours = silences.filter((silence) => silence.createdBy === 'slack:UBOB');
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      status: { state: 'active' },
      matchers: expect.arrayContaining([
        { name: 'alertname', value: 'EtlPipelineDown', isRegex: false, isEqual: true },
        { name: 'pipeline', value: 'orders_etl', isRegex: false, isEqual: true },
      ]),
    });
    expect(ours[0]?.matchers).toHaveLength(2);
    const edit = slack.callsOf('chat.update').at(-1);
    expect(blocksText(edit)).toContain('👀 Acknowledged by <@UBOB>');
    expect(blocksText(edit)).toContain(ours[0]?.id);

    // Alertmanager now reports the alert as silenced by that silence.
    const alerts = (await (
      await fetch(
        `${alertmanager.url}/api/v2/alerts?silenced=true&filter=${encodeURIComponent('pipeline="orders_etl"')}`,
      )
    ).json()) as { status: { state: string; silencedBy: string[] } }[];
    expect(alerts[0]?.status).toMatchObject({ state: 'suppressed', silencedBy: [ours[0]?.id] });
  }, 60_000);

  it('resolves a silenced group in Slack once Alertmanager no longer holds its alerts (it sends no resolve then)', async () => {
    const message = messageAbout('orders_etl');
    const messageTs = slack.callsOf('chat.update').find((c) => String(c.body.text).includes('orders_etl'))?.body.ts;
    expect(message).toBeDefined();
    await inject('orders_etl', new Date(Date.now() - 1000));
    await world.running.alerting.checkNow();
    const reply = await eventually(async () => {
      const found = slack
        .callsOf('chat.postMessage')
        .find((c) => c.body.thread_ts === messageTs && String(c.body.text).startsWith('✅ Resolved'));
      if (!found) await world.running.alerting.checkNow();
      return found;
    }, 20_000);
    expect(reply.body.text).toContain('Resolved while silenced');
    expect(blocksText(slack.callsOf('chat.update').at(-1))).toContain('*Resolved*');
  }, 60_000);
});
