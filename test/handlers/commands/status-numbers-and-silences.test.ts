import { expect, it } from 'vitest';
import { buttonValue, useAlertingSlackWorld } from '../../support/alerting-slack-world.js';
import { ALERT_CHANNEL, eventually, eventuallySome } from '../../support/alerting-world.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { sendButtonClick, sendSlashCommand } from '../../support/slack-http.js';

const RULES = `
rules:
  - { id: input-errors, title: Input errors, metric: ERROR_EVENTS, input: '*', when: above, threshold: 100, severity: critical }
`;

/** A number written out digit by digit: what 1e308 becomes through toLocaleString. */
const WALL_OF_DIGITS = /\d{1,3}(,\d{3}){6,}/;

describeEachBackend('metric values and alert marks in Slack (signed HTTP)', (backend) => {
  const db = useTestDatabase(backend);
  const current = useAlertingSlackWorld(db, { rules: RULES });

  const status = async () => {
    const { world, slack } = current();
    const before = slack.responses.length;
    await sendSlashCommand(world.slackUrl, { user: 'UCAROL', text: 'status' });
    return JSON.stringify(await eventually(() => slack.responses[before]?.body.blocks));
  };
  const alertMessages = () =>
    current()
      .slack.callsOf('chat.postMessage')
      .filter((call) => call.body.channel === ALERT_CHANNEL);

  it('prints huge and tiny values in engineering form: no 309 digits, no ∞/min', async () => {
    const { world } = current();
    world.sandbox.setMetric('ERROR_EVENTS', 1e308, { input: 'mixpanel_engage_one' });
    world.sandbox.setMetric('INCOMING_EVENTS', 1e308, { input: 'storefront_webhook', minutesAgo: 20 });
    world.sandbox.setMetric('LOADED_EVENTS_RATE', 0.000_25, { input: 'storefront_webhook', minutesAgo: 20 });
    await world.running.alerting.checkNow();

    const [alert] = await eventuallySome(alertMessages);
    const card = JSON.stringify(alert?.body);
    expect(card).toMatch(/\d\.\de(30[0-8]) events/);
    expect(card).not.toMatch(WALL_OF_DIGITS);
    expect(card).not.toContain('∞');

    const text = await status();
    expect(text).toMatch(/running `storefront_webhook` · RESTAPI · in (1\.0e308|overflow)\/min · loaded 2\.5e-4\/min/);
    expect(text).not.toMatch(WALL_OF_DIGITS);
    expect(text).not.toContain('∞');
    expect(text).not.toContain('NaN');
  });

  it('/pipeline status marks acknowledged and snoozed alerts, until the snooze runs out', async () => {
    const { world } = current();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await world.running.alerting.checkNow();
    const [alert] = await eventuallySome(alertMessages);
    expect(await status()).not.toMatch(/acknowledged by|snoozed by/);

    await sendButtonClick(world.slackUrl, {
      user: 'UBOB',
      actionId: 'alert_ack',
      value: buttonValue(alert, 'alert_ack'),
    });
    await sendButtonClick(world.slackUrl, {
      user: 'UDAVE',
      actionId: 'alert_snooze1h',
      value: buttonValue(alert, 'alert_snooze1h'),
    });
    const marked = await status();
    expect(marked).toContain('🔴 Input errors · mixpanel_engage_one since');
    expect(marked).toContain('👀 acknowledged by <@UBOB>');
    expect(marked).toMatch(/💤 snoozed by <@UDAVE> until <!date\^\d+\^/);

    world.clock.advance(61 * 60_000);
    const later = await status();
    expect(later).toContain('👀 acknowledged by <@UBOB>');
    expect(later).not.toContain('snoozed by');
  });
});
