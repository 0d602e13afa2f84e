import { describe, expect, it } from 'vitest';
import { useAlertingSlackWorld } from '../../support/alerting-slack-world.js';
import { useTestDatabase } from '../../support/database/index.js';
import { sendSlashCommand } from '../../support/slack-http.js';

const RULES = `
rules:
  - { id: input-errors, title: Input errors, metric: ERROR_EVENTS, input: '*', when: above, threshold: 100, severity: critical }
`;

describe('/pipeline status (signed slash command, one message)', () => {
  const db = useTestDatabase('sqlite');
  const current = useAlertingSlackWorld(db, { rules: RULES });

  it('shows inputs with state and throughput, firing alerts and pending change requests, privately', async () => {
    const { world, slack } = current();
    world.sandbox.pauseInput('source_tWO');
    world.sandbox.setMetric('INCOMING_EVENTS', 120, { input: 'storefront_webhook', minutesAgo: 20 });
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await world.running.alerting.checkNow();
    await world.services.changes.propose('input.resume', { input: 'source_tWO' }, 'UALICE');

    const response = await sendSlashCommand(world.slackUrl, { user: 'UBOB', text: 'status' });
    expect(response.status).toBe(200);
    expect(slack.responses).toHaveLength(1);
    const [reply] = slack.responses;
    expect(reply?.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Pipeline status: 3/4 inputs running, 1 firing alerts, 1 pending change requests',
    });
    const text = JSON.stringify(reply?.body.blocks);
    expect(text).toContain('Inputs (4: 3 running, 1 paused; last 15 min)');
    expect(text).toContain('⏸ paused `source_tWO` · ODBC');
    expect(text).toContain('▶️ running `storefront_webhook` · RESTAPI · in 120/min');
    expect(text).toContain('Firing alerts (1)');
    expect(text).toContain('🔴 Input errors · mixpanel_engage_one since');
    expect(text).toContain('Pending change requests (1)');
    expect(text).toMatch(/#\d+ Resume input source_tWO · by <@UALICE> · expires/);
  });

  it('still answers when the pipeline cannot report metrics, and says why', async () => {
    const { world, slack } = current();
    world.sandbox.injectFault({ method: 'GET', path: /^metrics/, status: 503, times: 10 });
    await sendSlashCommand(world.slackUrl, { user: 'UBOB', text: 'status' });
    const text = JSON.stringify(slack.responses[0]?.body.blocks);
    expect(text).toContain('running `mixpanel_engage_one` · REST_INPUT');
    expect(text).not.toContain('/min');
    expect(text).toContain('⚠️ Throughput unavailable:');
    expect(text).toContain('None. ✅');
  });

  it('is listed in /pipeline help', async () => {
    const { world, slack } = current();
    // Help is answered in the acknowledgement: no response_url post.
    const ack = await sendSlashCommand(world.slackUrl, { user: 'UBOB', text: 'help' });
    expect(await ack.text()).toMatch(/\/pipeline status/);
    expect(slack.responses).toEqual([]);
  });
});
