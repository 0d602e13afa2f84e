import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  ALERT_CHANNEL,
  type AlertingWorld,
  eventually,
  startAlertingWorld,
  WEBHOOK_TOKEN,
} from '../../support/alerting-world.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../../support/database/index.js';
import { useLoopbackOnlyNetwork } from '../../support/loopback-only-network.js';
import { FakeSlack } from '../../support/slack-http.js';

/** A v4 notification of one group with `firing` + `resolved` alerts, each with its own instance label. */
function groupOf(firing: number, resolved: number) {
  const alert = (i: number, status: 'firing' | 'resolved') => ({
    status,
    labels: { alertname: 'DiskFull', team: 'data', instance: `node-${String(i).padStart(5, '0')}:9100` },
    annotations: { summary: `Disk full on node-${i}` },
    startsAt: '2026-11-23T07:05:14.125436964Z',
    endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-23T07:15:00Z',
    generatorURL: 'http://vm:19090/graph',
    fingerprint: i.toString(16).padStart(16, '0'),
  });
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'etl-bot',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', team: 'data' },
    commonAnnotations: {},
    externalURL: 'http://vm:19093',
    alerts: [
      ...Array.from({ length: resolved }, (_, i) => alert(i, 'resolved')),
      ...Array.from({ length: firing }, (_, i) => alert(resolved + i, 'firing')),
    ],
  };
}

describeEachBackend('Alertmanager groups larger than a message can show', (backend) => {
  const db = useTestDatabase(backend);
  let slack: FakeSlack;
  let world: AlertingWorld;

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    slack = new FakeSlack();
    slack.install();
    world = await startAlertingWorld(db(), { rules: 'rules: []' });
  });

  afterEach(async () => {
    await world.close();
    nock.cleanAll();
  });

  it('accepts a group of 4,000 alerts (over 1 MB) with 200 and posts one summarised message, firing alerts first', async () => {
    const body = JSON.stringify(groupOf(3000, 1000));
    expect(body.length).toBeGreaterThan(1024 * 1024); // more than the endpoint took before
    const response = await fetch(world.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body,
    });
    expect(response.status).toBe(200);
    const [message] = await eventually(() => {
      const posts = slack.callsOf('chat.postMessage');
      return posts.length > 0 ? posts : undefined;
    });
    expect(message?.body.channel).toBe(ALERT_CHANNEL);
    const text = JSON.stringify(message?.body.blocks);
    // 1,000 alerts kept, all of them firing; the other 3,000 counted, not listed.
    expect(text).toContain('*1000* firing, 3000 more');
    expect(text).toContain('… and 990 more');
    expect(text).not.toContain('✅ Disk full');
    expect(((message?.body.blocks ?? []) as unknown[]).length).toBeLessThanOrEqual(50);
  });
});
