import { expect, it } from 'vitest';
import { useAlertingSlackWorld } from '../../support/alerting-slack-world.js';
import { eventually } from '../../support/alerting-world.js';
import { postNotification } from '../../support/alertmanager.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { payloadProblems } from '../../support/slack-markup.js';

/** What an alert rule's author (or a label value scraped from a target) can put in a notification. */
const HOSTILE = '<!channel> *zqb* _zqi_ ~zqs~ `zqc` <https://evil|Approve here> &lt;!here&gt;\n> zqq';

function hostilePayload(status: 'firing' | 'resolved') {
  const labels = { alertname: `Down${HOSTILE}`, severity: 'critical', instance: `<@U123>${HOSTILE}` };
  const annotations = {
    summary: `Pipeline ${HOSTILE} is down`,
    description: `Check ${HOSTILE}`,
    runbook_url: 'https://runbooks.example/etl?a=<!channel>|Approve',
  };
  return {
    receiver: `etl-bot${HOSTILE}`,
    status,
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: '2026-11-23T07:05:14.125436964Z',
        endsAt: status === 'resolved' ? '2026-11-23T07:15:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://vm:19090/graph?g0.expr=up|<!channel>',
        fingerprint: '9a8b90c928b694e4',
      },
    ],
    groupLabels: { alertname: labels.alertname },
    commonLabels: { alertname: labels.alertname, severity: 'critical' },
    commonAnnotations: annotations,
    externalURL: 'http://vm:19093',
    version: '4',
    groupKey: `{}:{alertname="${labels.alertname}"}`,
    truncatedAlerts: 0,
  };
}

describeEachBackend('Alertmanager notification with hostile labels and annotations → Slack', (backend) => {
  const db = useTestDatabase(backend);
  const current = useAlertingSlackWorld(db, { rules: 'rules: []' });

  it('posts, edits and replies with every label and annotation escaped, links only as ours', async () => {
    const { world, slack } = current();
    expect((await postNotification(world.webhookUrl, hostilePayload('firing'))).status).toBe(200);
    await eventually(() => (slack.callsOf('chat.postMessage').length === 1 ? true : undefined));
    expect((await postNotification(world.webhookUrl, hostilePayload('resolved'))).status).toBe(200);
    await eventually(() => (slack.callsOf('chat.postMessage').length === 2 ? true : undefined));

    const rules = { users: [], linkLabels: ['source', 'Runbook', 'Alertmanager'] };
    const [first] = slack.callsOf('chat.postMessage');
    expect(String(first?.body.text)).toContain('&lt;!channel&gt; ∗zqb∗');
    expect(JSON.stringify(first?.body.blocks)).toContain('|source>');
    expect(slack.calls.flatMap((call) => payloadProblems(call.body, call.method, rules))).toEqual([]);
  });
});
