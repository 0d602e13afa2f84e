import nock from 'nock';
import { expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { rejectThroughDialog } from '../support/reject-dialog.js';
import { sendButtonClick, sendSlashCommand, sendViewSubmission } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';
import { unescapeMrkdwn } from '../support/unescape-mrkdwn.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const INPUT = 'mixpanel_engage_one';
const CHECKOUT = 'storefront/checkout completed';

describeEachBackend('commands that explain themselves, over signed HTTP', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  /** The acknowledgement's text (parse errors are answered there). */
  async function ackText(text: string, user = ALICE): Promise<string> {
    const response = await sendSlashCommand(env().url, { user, text });
    expect(response.status).toBe(200);
    const body = await response.text();
    return body === '' ? '' : unescapeMrkdwn(String((JSON.parse(body) as { text?: string }).text ?? ''));
  }

  /** The reply sent to the response_url after the command ran: its blocks as one decoded string. */
  async function reply(text: string, user = ALICE): Promise<string> {
    const before = env().slack.responses.length;
    await sendSlashCommand(env().url, { user, text });
    const answer = env().slack.responses.slice(before).at(-1);
    if (!answer) throw new Error(`no reply to ${text}`);
    return unescapeMrkdwn(JSON.stringify(answer.body.blocks ?? answer.body.text));
  }

  async function proposeAndApprove(kind: 'pause' | 'resume') {
    await sendSlashCommand(env().url, { user: ALICE, text: `input ${kind} ${INPUT}` });
    const [pending] = await env().world.services.changes.listPending();
    if (!pending) throw new Error('nothing proposed');
    await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: String(pending.id) });
    return pending.id;
  }

  it('lists a family’s subcommands in words, and what follows an event type', async () => {
    const input = await ackText('input');
    expect(input).toMatch(/`input` takes one of: list, show, pause, resume/);
    expect(input).toContain('/pipeline input pause <input>');
    const mapping = await ackText('mapping PUBLIC.ORDERS');
    expect(mapping).toMatch(/`mapping PUBLIC.ORDERS` takes one of: mode, keys, field/);
    expect(mapping).not.toMatch(/Too small|expected string|invalid_type/i);
  });

  it('says "did you mean" for a mistyped command, subcommand, option, input and event type', async () => {
    expect(await ackText('inptu list')).toMatch(/unknown command `inptu`. Did you mean `input`\?/);
    expect(await ackText('input puase x')).toMatch(/`puase` is not one of: .*Did you mean `pause`\?/);
    expect(await ackText('audit --pgae 2')).toMatch(/Did you mean `--page`\?/);
    expect(await reply('input show mixpanel_engage_on')).toMatch(
      /No input named `mixpanel_engage_on`. Did you mean `mixpanel_engage_one`\?/,
    );
    expect(await reply('mapping show PUBLIC.ORDRES')).toMatch(
      /No event type named `PUBLIC.ORDRES`. Closest: PUBLIC.ORDERS.*Did you mean `PUBLIC.ORDERS`\?/,
    );
  });

  it('takes event-type names with spaces unquoted in mapping, as in transform, and in audit', async () => {
    expect(await reply(`mapping show ${CHECKOUT}`)).toContain(CHECKOUT);
    await sendSlashCommand(env().url, { user: ALICE, text: `mapping ${CHECKOUT} mode flexible` });
    const [pending] = await env().world.services.changes.listPending();
    expect(pending).toMatchObject({ kind: 'mapping.mode', resource: { label: CHECKOUT } });
    const quoted = await reply(`audit "${CHECKOUT}"`);
    const unquoted = await reply(`audit ${CHECKOUT}`);
    expect(unquoted).toContain(`proposed #${pending?.id}`);
    expect(unquoted).toEqual(quoted);
  });

  it('shows one request whole with `request #id`: status, who, timeline, diff', async () => {
    const id = await proposeAndApprove('pause');
    const text = await reply(`request #${id}`);
    expect(text).toContain(`#${id} Pause input ${INPUT}`);
    expect(text).toContain('*Status*\\napplied');
    expect(text).toContain(`<@${ALICE}>`);
    expect(text).toContain(`<@${BOB}> approved #${id} Pause input ${INPUT}`);
    expect(text).toMatch(/\*Timeline\*.*proposed.*approved.*applied/);
    expect(text).toContain('+  \\"paused\\": true,');
    expect(await reply('request #999')).toMatch(/There is no change request `#999`/);
    expect(await ackText('request twelve')).toMatch(/<id> must be a request number such as #12/);
  });

  it('reads the audit log as sentences, pages it and filters it; `audit #id` shows the full diff', async () => {
    const first = await proposeAndApprove('pause');
    for (let i = 0; i < 3; i++) {
      await proposeAndApprove('resume');
      await proposeAndApprove('pause');
    }
    const page1 = await reply('audit');
    expect(page1).toMatch(new RegExp(`<@${BOB}> approved #\\d+ (Pause|Resume) input ${INPUT}`));
    expect(page1).toMatch(/Page 1 of 2 · 28 entries, newest first · next: `\/pipeline audit --page 2`/);
    const page2 = await reply('audit --page 2');
    expect(page2).toContain(`<@${ALICE}> proposed #${first} Pause input ${INPUT}`);
    expect(page2).toMatch(/Page 2 of 2/);

    const resumes = await reply(`audit ${INPUT} --kind input.resume --user <@${BOB}|bob>`);
    expect(resumes).toMatch(/Page 1 of 1 · 9 entries/);
    expect(resumes).not.toContain('Pause input');
    expect(resumes).not.toContain(`<@${ALICE}>`);
    expect(await reply('audit --since 1d')).toMatch(/28 entries/);
    // A typed @name (Slack sends it as plain text) is looked up in users.list: answered before FakeSlack's catch-all.
    nock.cleanAll();
    nock('https://slack.com')
      .post('/api/users.list')
      .times(2)
      .reply(200, {
        ok: true,
        members: [
          { id: ALICE, name: 'alice', profile: { display_name: 'Alice' } },
          { id: BOB, name: 'bob', real_name: 'Bob Builder' },
        ],
      });
    env().slack.install();
    const byName = await reply('audit --user @Bob --kind input.resume');
    expect(byName).toMatch(/Page 1 of 1 · 9 entries/);
    expect(await reply('audit --user @bobb')).toMatch(/No member named `@bobb`. Closest: bob.*Did you mean `bob`\?/);
    expect(await ackText('audit --since soon')).toMatch(/<since> must be a duration such as 30m/);

    const one = await reply(`audit #${first}`);
    expect(one).toContain('*Full diff*');
    expect(one).toContain('-  \\"paused\\": false,');
    expect(one).toContain('+  \\"paused\\": true,');
  });

  it('Reject asks for an optional reason and shows it on the card, in the thread and in the audit log', async () => {
    await sendSlashCommand(env().url, { user: ALICE, text: `input pause ${INPUT}` });
    const [first] = await env().world.services.changes.listPending();
    if (!first) throw new Error('nothing proposed');
    // The requester is not asked: Reject answers at once that they should cancel instead.
    const opened = env().slack.callsOf('views.open').length;
    await sendButtonClick(env().url, { user: ALICE, actionId: 'change_reject', value: String(first.id) });
    expect(env().slack.callsOf('views.open')).toHaveLength(opened);
    expect(String(env().slack.responses.at(-1)?.body.text)).toMatch(/press Cancel/);

    // Carol opens the dialog too and submits it after Bob rejected: she is answered in her dialog.
    await sendButtonClick(env().url, { user: 'UCAROL', actionId: 'change_reject', value: String(first.id) });
    const carols = env().slack.callsOf('views.open').at(-1)?.body.view as {
      callback_id: string;
      private_metadata: string;
    };
    expect(carols.callback_id).toBe('change_reject_reason');

    const answer = await rejectThroughDialog(env().url, env().slack, {
      user: BOB,
      id: first.id,
      reason: 'Pausing <now> loses *data*',
    });
    expect(answer).toEqual({});
    expect(await env().world.services.changes.get(first.id)).toMatchObject({
      status: 'rejected',
      error: 'Pausing <now> loses *data*',
    });
    const card = JSON.stringify(env().slack.callsOf('chat.update').at(-1)?.body.blocks);
    expect(card).toContain('*Reason:* Pausing &lt;now&gt; loses ∗data∗');
    const thread = env().slack.callsOf('chat.postMessage').at(-1)?.body;
    expect(String(thread?.text)).toContain(`#${first.id} was rejected by <@${BOB}>: Pausing &lt;now&gt; loses ∗data∗`);
    expect(await reply(`audit #${first.id}`)).toContain(
      `<@${BOB}> rejected #${first.id} Pause input ${INPUT} — Pausing <now> loses ∗data∗`,
    );

    // The dialog of a request that moved on meanwhile answers in the dialog; an empty reason rejects without one.
    const late = await sendViewSubmission(env().url, {
      user: 'UCAROL',
      callbackId: carols.callback_id,
      privateMetadata: carols.private_metadata,
      values: { reject_reason: { reason: 'me too' } },
    });
    expect(await late.json()).toMatchObject({
      response_action: 'errors',
      errors: { reject_reason: expect.stringMatching(/already rejected/) },
    });
    await sendSlashCommand(env().url, { user: ALICE, text: `input pause ${INPUT}` });
    const [second] = await env().world.services.changes.listPending();
    expect(await rejectThroughDialog(env().url, env().slack, { user: BOB, id: second?.id ?? 0, reason: '  ' })).toEqual(
      {},
    );
    expect(await env().world.services.changes.get(second?.id ?? 0)).toMatchObject({ status: 'rejected', error: null });
  });
});
