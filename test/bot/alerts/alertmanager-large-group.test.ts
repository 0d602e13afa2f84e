import nock from 'nock';
import { expect, it } from 'vitest';
import { LIMITS } from '../../../src/handlers/blocks/limits.js';
import type { AlertmanagerGroupDetails } from '../../../src/services/alerts/alertmanager/large-group.js';
import { buttonValue, useAlertingSlackWorld } from '../../support/alerting-slack-world.js';
import { ALERT_CHANNEL, eventually, eventuallySome } from '../../support/alerting-world.js';
import { postNotification } from '../../support/alertmanager.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { type SlackCall, sendButtonClick } from '../../support/slack-http.js';

const AM_URL = 'http://alertmanager.test:9093';

/** A v4 notification of one group with `firing` + `resolved` alerts, each with its own instance label. */
function groupOf(firing: number, resolved: number, status: 'firing' | 'resolved' = 'firing') {
  const alert = (i: number, alertStatus: 'firing' | 'resolved') => ({
    status: alertStatus,
    labels: { alertname: 'DiskFull', team: 'data', instance: `node-${String(i).padStart(5, '0')}:9100` },
    annotations: { summary: `Disk full on node-${i}` },
    startsAt: '2026-11-23T07:05:14.125436964Z',
    endsAt: alertStatus === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-23T07:15:00Z',
    generatorURL: 'http://vm:19090/graph',
    fingerprint: i.toString(16).padStart(16, '0'),
  });
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status,
    receiver: 'etl-bot',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', team: 'data' },
    commonAnnotations: {},
    externalURL: 'http://vm:19093',
    // Resolved ones first, so that keeping "the first N" as sent would keep no firing alert at all.
    alerts: [
      ...Array.from({ length: resolved }, (_, i) => alert(i, 'resolved')),
      ...Array.from({ length: firing }, (_, i) => alert(resolved + i, 'firing')),
    ],
  };
}

/** Every Block Kit limit a message of these blocks could break. */
function blockKitProblems(message: SlackCall): string[] {
  const problems: string[] = [];
  const blocks = (message.body.blocks ?? []) as { type: string; text?: { text: string }; elements?: unknown[] }[];
  if (blocks.length > LIMITS.blocksPerMessage) problems.push(`${blocks.length} blocks`);
  if (String(message.body.text ?? '').length > LIMITS.messageText) problems.push('fallback text too long');
  for (const block of blocks) {
    const length = block.text?.text.length ?? 0;
    if (block.type === 'header' && length > LIMITS.headerText) problems.push(`header of ${length}`);
    if (block.type === 'section' && length > LIMITS.sectionText) problems.push(`section of ${length}`);
    if ((block.elements?.length ?? 0) > LIMITS.contextElements) problems.push(`${block.type} elements`);
  }
  return problems;
}

describeEachBackend('Alertmanager groups larger than a message can show', (backend) => {
  const db = useTestDatabase(backend);
  const current = useAlertingSlackWorld(db, { rules: 'rules: []', env: { ALERTMANAGER_URL: AM_URL } });

  const notify = (body: unknown) => postNotification(current().world.webhookUrl, body);

  /** Messages posted in the channel (thread replies, such as the one a resolve adds, are not counted). */
  const posts = () =>
    current()
      .slack.callsOf('chat.postMessage')
      .filter((call) => !call.body.thread_ts);

  it('accepts a group of 2,000 alerts with 200 and posts one message: ten listed, the rest counted', async () => {
    const response = await notify(groupOf(1200, 800));
    expect(response.status).toBe(200);
    const [message] = await eventuallySome(posts);
    if (!message) throw new Error('no message');
    expect(posts()).toHaveLength(1);
    expect(message.body.channel).toBe(ALERT_CHANNEL);
    expect(blockKitProblems(message)).toEqual([]);
    const text = JSON.stringify(message.body.blocks);
    expect(text).toContain('*1200* firing, 800 resolved');
    expect(text.match(/🔴 Disk full on node-/g)).toHaveLength(10);
    expect(text).toContain('… and 1990 more (1190 firing)');
    expect(String(message.body.text)).toContain('1200 firing');
  });

  it('stores at most 1,000 alerts of a group of 4,000 (over 1 MB), the firing ones, and counts the others', async () => {
    const { world } = current();
    const body = groupOf(3000, 1000);
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    expect((await notify(body)).status).toBe(200);
    const [message] = await eventuallySome(posts);
    if (!message) throw new Error('no message');
    expect(blockKitProblems(message)).toEqual([]);
    const text = JSON.stringify(message.body.blocks);
    expect(text).toContain('DiskFull (4000 alerts)');
    expect(text).toContain('*3000* firing, 1000 resolved');
    expect(text).toContain('… and 3990 more (2990 firing)');
    expect(text).not.toContain('✅ Disk full');

    const [alert] = await world.services.alerts.listFiring();
    const details = alert?.details as AlertmanagerGroupDetails;
    expect(details.members).toHaveLength(1000);
    expect(details.members.every((member) => member.status === 'firing')).toBe(true);
    expect(details.omitted).toEqual({ firing: 2000, resolved: 1000 });
  });

  it('accepts a group of 60,000 alerts, over 16 MB, read as it streams with 1,000 kept', async () => {
    const { world } = current();
    const body = JSON.stringify(groupOf(35_000, 25_000));
    expect(body.length).toBeGreaterThan(16 * 1024 * 1024);
    const response = await notify(body);
    expect(response.status).toBe(200);
    const [message] = await eventuallySome(posts);
    if (!message) throw new Error('no message');
    expect(blockKitProblems(message)).toEqual([]);
    const text = JSON.stringify(message.body.blocks);
    expect(text).toContain('DiskFull (60000 alerts)');
    expect(text).toContain('*35000* firing, 25000 resolved');
    expect(text).toContain('… and 59990 more (34990 firing)');
    const [alert] = await world.services.alerts.listFiring();
    if (!alert) throw new Error('no alert stored');
    expect((alert.details as AlertmanagerGroupDetails).members).toHaveLength(1000);
  }, 60_000);

  it('refuses an alert over 256 KB with 413 before reading the rest, and posts nothing', async () => {
    const { world } = current();
    const body = groupOf(3, 0);
    const first = body.alerts[0];
    if (first) first.annotations.summary = 's'.repeat(300 * 1024);
    const response = await notify(body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: 'payload_too_large',
      message: `Alerts are limited to ${256 * 1024} bytes each`,
    });
    expect(await world.services.alerts.listFiring()).toEqual([]);
    expect(posts()).toEqual([]);
  });

  it('redraws the same message when the large group resolves, with every alert counted as resolved', async () => {
    const { slack } = current();
    expect((await notify(groupOf(3000, 1000))).status).toBe(200);
    await eventuallySome(posts);
    expect((await notify(groupOf(0, 4000, 'resolved'))).status).toBe(200);
    const update = await eventually(() => slack.callsOf('chat.update').at(-1));
    expect(posts()).toHaveLength(1);
    expect(blockKitProblems(update)).toEqual([]);
    const text = JSON.stringify(update.body.blocks);
    expect(text).toContain('*0* firing, 4000 resolved');
    expect(text).toContain('… and 3990 more');
    expect(text).not.toContain('firing)');
  });

  it('resolves a silenced large group with every alert, the ones not stored included', async () => {
    const { world, slack } = current();
    expect((await notify(groupOf(3000, 1000))).status).toBe(200);
    const [message] = await eventuallySome(posts);
    const value = buttonValue(message, 'alert_ack');
    nock(AM_URL).post('/api/v2/silences').reply(200, { silenceID: 'silence-1' });
    expect((await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value })).status).toBe(200);
    // Alertmanager sends no resolve for silenced alerts; once it holds none of them, pipeops resolves the group.
    nock(AM_URL).get('/api/v2/alerts').query(true).reply(200, []);
    await world.running.alerting.checkNow();
    expect(await world.services.alerts.listFiring()).toEqual([]);
    const text = JSON.stringify(slack.callsOf('chat.update').at(-1)?.body.blocks);
    expect(text).toContain('*0* firing, 4000 resolved');
    expect(text).not.toContain('firing)');
  });
});
