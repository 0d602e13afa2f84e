import { expect, it } from 'vitest';
import { blocksText, buttonValue, useAlertingSlackWorld } from '../../support/alerting-slack-world.js';
import { ALERT_CHANNEL, BOT_TOKEN } from '../../support/alerting-world.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { type SlackCall, sendButtonClick } from '../../support/slack-http.js';

const MIN = 60_000;
const RULES = `
defaults: { resolveAfter: 0s, reopenWindow: 30m }
rules:
  - id: input-errors
    title: Input errors
    description: An input keeps sending events the pipeline cannot load.
    metric: ERROR_EVENTS
    input: '*'
    when: above
    threshold: 100
    severity: critical
    remedy: pause_input
    links: [{ title: Runbook, url: 'https://runbooks.example/input-errors?a=1&b=2' }]
`;

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}
const blocksOf = (call: SlackCall | undefined) => (call?.body.blocks ?? []) as Block[];
const buttonsOf = (call: SlackCall | undefined) =>
  blocksOf(call)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describeEachBackend('alert message lifecycle in Slack (nock-asserted Web API calls)', (backend) => {
  const db = useTestDatabase(backend);
  const current = useAlertingSlackWorld(db, { rules: RULES });

  const check = () => current().world.running.alerting.checkNow();
  const posts = () => current().slack.callsOf('chat.postMessage');
  const updates = () => current().slack.callsOf('chat.update');

  it('firing → one message; still firing → no new post; value change → one edit; resolved → edit + thread reply', async () => {
    const { world, slack } = current();
    expect(slack.calls).toEqual([]);
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await check();
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post?.body).toMatchObject({ channel: ALERT_CHANNEL });
    expect(post?.body.text).toBe(
      '[CRITICAL] Input errors · mixpanel_engage_one: 500 events (above 100 (latest value))',
    );
    expect(blocksOf(post)[0]).toMatchObject({
      type: 'header',
      text: { text: '🔴 Input errors · mixpanel_engage_one' },
    });
    expect(blocksText(post)).toContain('*Firing* since');
    expect(blocksText(post)).toContain('An input keeps sending events the pipeline cannot load.');
    expect(blocksText(post)).toContain('Last 15 min: `');
    // Links are escaped for mrkdwn (& is a control character).
    expect(blocksText(post)).toContain('<https://runbooks.example/input-errors?a=1&b=2|Runbook>');
    expect(buttonsOf(post)).toEqual(['alert_ack', 'alert_snooze1h', 'alert_snooze4h', 'alert_pause']);
    expect(updates()).toEqual([]);

    // Still firing, same value: nothing at all (and a value-only change within 5 minutes waits).
    world.clock.advance(MIN);
    await check();
    world.sandbox.setMetric('ERROR_EVENTS', 600, { input: 'mixpanel_engage_one' });
    world.clock.advance(MIN);
    await check();
    expect(posts()).toHaveLength(1);
    expect(updates()).toEqual([]);

    // Once 5 minutes have passed, the new value is shown by editing the same message.
    world.clock.advance(5 * MIN);
    await check();
    expect(posts()).toHaveLength(1);
    expect(updates()).toHaveLength(1);
    expect(updates()[0]?.body).toMatchObject({ channel: 'C0DATAOPS', ts: '1800000001.000100' });
    expect(blocksText(updates()[0])).toContain('600 events');

    // Resolved: the original is edited (no buttons) and a reply goes to its thread.
    world.sandbox.setMetric('ERROR_EVENTS', 3, { input: 'mixpanel_engage_one' });
    world.clock.advance(MIN);
    await check();
    expect(updates()).toHaveLength(2);
    const resolved = updates()[1];
    expect(blocksOf(resolved)[0]?.text?.text).toBe('✅ Input errors · mixpanel_engage_one');
    expect(blocksText(resolved)).toContain('*Resolved* after 8 min');
    expect(buttonsOf(resolved)).toEqual([]);
    expect(posts()).toHaveLength(2);
    expect(posts()[1]?.body).toMatchObject({ channel: 'C0DATAOPS', thread_ts: '1800000001.000100' });
    expect(posts()[1]?.body.text).toMatch(
      /^✅ Resolved after 8 min: \*Input errors · mixpanel_engage_one\*; now 3 events\.$/,
    );
    // Block ids change with every edit, as Slack asks for changed content.
    expect(blocksOf(resolved)[0]?.block_id).not.toBe(blocksOf(post)[0]?.block_id);

    // Nothing left to do.
    await check();
    expect(slack.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(4);
  });

  it('does not post firing alerts again after a restart', async () => {
    current().world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'source_tWO' });
    await check();
    expect(posts()).toHaveLength(1);
    const { clock } = await current().restart();
    clock.advance(MIN);
    await check();
    expect(posts()).toHaveLength(1);
    expect(updates()).toEqual([]);
  });

  it('Acknowledge records who, redraws at once without the button, and refuses a second acknowledgement', async () => {
    const { world, slack } = current();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'storefront_webhook' });
    await check();
    const value = buttonValue(posts()[0], 'alert_ack');
    const click = await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value });
    expect(click.status).toBe(200);
    expect(updates()).toHaveLength(1);
    expect(blocksText(updates()[0])).toContain('👀 Acknowledged by <@UBOB>');
    expect(buttonsOf(updates()[0])).toEqual(['alert_snooze1h', 'alert_snooze4h', 'alert_pause']);
    const [alert] = await world.services.alerts.listFiring();
    expect(alert).toMatchObject({ ackedBy: 'UBOB' });
    const [audited] = await world.services.audit.list({ resource: 'storefront_webhook', limit: 5 });
    expect(audited).toMatchObject({ actor: 'UBOB', action: 'alert_acknowledged', outcome: 'acknowledged' });

    await sendButtonClick(world.slackUrl, { user: 'UCAROL', actionId: 'alert_ack', value });
    expect(slack.responses.at(-1)?.body).toMatchObject({ text: 'ℹ️ Already acknowledged by <@UBOB>.' });
    expect(updates()).toHaveLength(1);
  });

  it('Snooze mutes the thread: the message shows it, a resolve edits but does not reply', async () => {
    const { world } = current();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'production_database' });
    await check();
    const value = buttonValue(posts()[0], 'alert_snooze4h');
    await sendButtonClick(world.slackUrl, { user: 'UALICE', actionId: 'alert_snooze4h', value });
    expect(blocksText(updates().at(-1))).toContain('💤 Snoozed by <@UALICE> until');
    const [snoozed] = await world.services.alerts.listFiring();
    expect(snoozed?.snoozedUntil?.getTime()).toBe(world.clock.now().getTime() + 4 * 60 * MIN);
    const [audited] = await world.services.audit.list({ resource: 'production_database', limit: 5 });
    expect(audited).toMatchObject({
      actor: 'UALICE',
      action: 'alert_snoozed',
      outcome: expect.stringMatching(/^snoozed until /),
    });

    world.sandbox.setMetric('ERROR_EVENTS', 0, { input: 'production_database' });
    world.clock.advance(MIN);
    await check();
    expect(blocksText(updates().at(-1))).toContain('*Resolved*');
    expect(posts()).toHaveLength(1);
  });

  it('Pause input opens the change workflow: a change card, a pending request, a note in the alert thread', async () => {
    const { world } = current();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await check();
    const value = buttonValue(posts()[0], 'alert_pause');
    await sendButtonClick(world.slackUrl, { user: 'UALICE', actionId: 'alert_pause', value, channel: 'C0DATAOPS' });
    const card = posts().find((p) => buttonsOf(p).includes('change_approve'));
    expect(card?.body).toMatchObject({ channel: 'C0DATAOPS' });
    expect(blocksText(card)).toContain('Pause input mixpanel_engage_one');
    const [pending] = await world.services.changes.listPending();
    expect(pending).toMatchObject({ kind: 'input.pause', requestedBy: 'UALICE', status: 'pending' });
    // The pipeline itself is untouched until someone else approves.
    expect(world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    const note = posts().find((p) => p.body.thread_ts === '1800000001.000100');
    expect(note?.body.text).toBe(
      `🛠️ <@UALICE> proposed change request #${pending?.id} (pause input \`mixpanel_engage_one\`); it needs the approval of someone else.`,
    );
  });

  it('refuses a click on an earlier incident’s message, and a malformed button', async () => {
    const { world, slack } = current();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await check();
    const [id] = buttonValue(posts()[0], 'alert_ack').split(':');
    await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value: `${id}:7` });
    expect(slack.responses.at(-1)?.body.text).toMatch(/earlier incident/);
    await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_ack', value: 'DROP TABLE' });
    expect(slack.responses.at(-1)?.body.text).toBe('⚠️ That button is malformed.');
    expect(updates()).toEqual([]);
  });

  it('retries a post the bot could not make, and never logs the token', async () => {
    const { world, slack } = current();
    slack.failWith.set('chat.postMessage', 'not_in_channel');
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await check();
    expect(posts()).toHaveLength(1);
    slack.failWith.delete('chat.postMessage');
    await check();
    expect(posts()).toHaveLength(1);
    world.clock.advance(2 * MIN);
    await check();
    expect(posts()).toHaveLength(2);
    expect(world.logText()).toContain('not_in_channel');
    expect(world.logText()).not.toContain(BOT_TOKEN);
  });
});
