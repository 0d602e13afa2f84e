import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { beforeEach, expect, it } from 'vitest';
import { createSealedBox } from '../../src/services/secrets/sealed-box.js';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand, sendViewSubmission } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';
import { slackTexts } from '../support/slack-markup.js';
import { pipelineWrites } from '../support/workflow-world.js';

/**
 * Issue 9's commands (managealooma Inputs, Events, System) through the real Bolt app: signed HTTP in, Slack's Web API
 * faked with nock, the sandbox pipeline behind the services, on every database backend.
 */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';

/** Every text of a Slack payload (mrkdwn and plain), entities decoded, for matching what a person reads. */
const readable = (body: unknown) => {
  const { mrkdwn, plain } = slackTexts(body);
  return [...plain, ...mrkdwn]
    .map(({ text }) => text)
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
};

describeEachBackend('/pipeline inputs, events and system commands over signed HTTP', (backend) => {
  const db = useTestDatabase(backend, { poolSize: 30 });
  let uploads: Buffer[];

  // Registered before the world starts, so before FakeSlack's own files.slack.com interceptor: the uploaded bytes
  // are kept. The world's afterEach removes it with the other interceptors.
  beforeEach(() => {
    uploads = [];
    nock('https://files.slack.com')
      .persist()
      .post(/.*/)
      .reply((_uri, body) => {
        // nock hands over a binary body hex-encoded.
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        uploads.push(/^([0-9a-f]{2})+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text));
        return [200, 'OK'];
      });
  });
  // A new sealing key for each test, as each test starts from an empty database.
  const env = useSlackHttpWorld(db, () => ({
    world: { workflow: { sealedBox: createSealedBox(randomBytes(32).toString('hex')) } },
  }));

  /** Every private answer to one command (the acknowledgement's body, then response_url replies), as one text. */
  async function privately(text: string, user = ALICE): Promise<string> {
    const { slack, url } = env();
    const before = slack.responses.length;
    const response = await sendSlashCommand(url, { user, text });
    expect(response.status).toBe(200);
    const ack = (await response.text()).trim();
    const bodies = slack.responses.slice(before).map((r) => r.body);
    if (ack !== '') bodies.unshift(JSON.parse(ack) as Record<string, unknown>);
    for (const body of bodies) expect(body.response_type, text).toBe('ephemeral');
    return bodies.map(readable).join('\n');
  }

  function lastCard() {
    const post = env().slack.callsOf('chat.postMessage').at(-1);
    const blocks = (post?.body.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
    const approve = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'change_approve');
    return { text: readable(blocks), approveValue: approve?.value ?? '' };
  }
  const lastUpdate = () => readable(env().slack.callsOf('chat.update').at(-1)?.body.blocks ?? []);
  const writes = () => pipelineWrites(env().world.sandbox);

  /** Presses Approve as `user`; returns what that user was told privately (response_url or chat.postEphemeral). */
  async function click(user: string, value: string): Promise<string> {
    const { slack, url } = env();
    const responses = slack.responses.length;
    const ephemerals = slack.callsOf('chat.postEphemeral').length;
    const response = await sendButtonClick(url, { user, actionId: 'change_approve', value });
    expect(response.status).toBe(200);
    const told = [
      ...slack.responses.slice(responses),
      ...slack
        .callsOf('chat.postEphemeral')
        .slice(ephemerals)
        .filter((call) => call.body.user === user),
    ];
    return told.map((call) => readable(call.body)).join('\n');
  }

  it('pipeline structure: inputs → transformer → outputs with throughput, privately', async () => {
    const text = await privately('structure');
    expect(text).toContain('Pipeline structure');
    expect(text).toMatch(/Inputs \(4\)/);
    expect(text).toMatch(/`production_database` · ODBC · [\d.,]+ events\/min/);
    expect(text).toMatch(/RESTREAM/);
    expect(text).toMatch(/\*Transformer\*\n• `[^`]+` · TRANSFORMER/);
    expect(text).toMatch(/Outputs \(1\)\*\n• `[^`]+` · SNOWFLAKE/);
  });

  it('input list --type ODBC lists that type only; an unknown type lists the types there are', async () => {
    const odbc = await privately('input list --type odbc');
    expect(odbc).toContain('production_database');
    expect(odbc).toContain('source_tWO');
    expect(odbc).not.toContain('mixpanel_engage_one');
    expect(await privately('input list')).toContain('mixpanel_engage_one');
    expect(await privately('input list --type KAFKA')).toContain(
      'No input has type `KAFKA`. Types: ODBC, RESTAPI, REST_INPUT.',
    );
  });

  it('input tables lists the replicated tables with their update indicators', async () => {
    const text = await privately('input tables production_database');
    expect(text).toContain('Tables of production_database (2)');
    expect(text).toContain('• `orders` · update indicator `xmin::text::bigint`');
    expect(await privately('input tables mixpanel_engage_one')).toContain('only database inputs');
  });

  it('event list [input], event show, default-mode show and system status-codes answer privately', async () => {
    const all = await privately('event list');
    expect(all).toContain('Event types (5)');
    expect(all).toMatch(
      /• `PUBLIC.USERS` · input `production_database` · AUTO_MAP · MAPPED · table `PUBLIC.USERS_LOG` · keys `ID`/,
    );
    const ofInput = await privately('event list production_database');
    expect(ofInput).toContain('Event types of production_database (2)');
    expect(ofInput).not.toContain('mixpanel_engage_one');
    expect(await privately('event list nope')).toContain('No event type comes from an input labelled `nope`');
    const shown = await privately('event show storefront/checkout completed');
    expect(shown).toContain('Event type storefront/checkout completed');
    expect(shown).toContain('*Unmapped fields* (1): `coupon_code`');
    expect(await privately('default-mode show')).toMatch(/The default mapping mode is \*(AUTO_MAP|STRICT|FLEXIBLE)\*/);
    const codes = await privately('system status-codes');
    expect(codes).toMatch(/Sample status codes \(\d+\)/);
    expect(codes).toMatch(/• `VALID` /);
    expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
  });

  it('system metrics: a table per metric with a sparkline, privately, and a PNG chart uploaded to the channel', async () => {
    const text = await privately('system metrics ERROR_EVENTS,LATENCY_MAX 30');
    expect(text).toContain('Metrics, last 30 minutes');
    expect(text).toMatch(/\*ERROR_EVENTS\* `[▁▂▃▄▅▆▇█ ]+`\nmin .+ · avg .+ · max .+ · last .+/);
    expect(text).toContain('*LATENCY_MAX*');
    expect(text).toContain('Chart posted in this channel.');
    const [asked] = env().slack.callsOf('files.getUploadURLExternal');
    expect(asked?.body.filename).toBe('metrics-30min.png');
    expect(env().slack.callsOf('files.completeUploadExternal')[0]?.body).toMatchObject({ channel_id: 'C0DATAOPS' });
    expect(uploads.some((bytes) => bytes.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))).toBe(
      true,
    );

    const defaults = await privately('system metrics');
    expect(defaults).toContain('Metrics, last 60 minutes');
    for (const metric of ['EVENTS_IN_PIPELINE', 'UNMAPPED_EVENTS', 'IGNORED_EVENTS', 'ERROR_EVENTS']) {
      expect(defaults).toContain(`*${metric}*`);
    }
  });

  it('system metrics falls back to the sparklines when the chart cannot be uploaded', async () => {
    env().slack.failWith.set('files.getUploadURLExternal', 'not_in_channel');
    const text = await privately('system metrics 15');
    expect(text).toContain('Metrics, last 15 minutes');
    expect(text).toContain('The chart could not be drawn or uploaded; the sparklines above show the trend.');
    expect(env().slack.callsOf('files.completeUploadExternal')).toEqual([]);
    expect(await privately('system metrics ERORR_EVENTS')).toContain(
      'Unknown metric `ERORR_EVENTS` (did you mean ERROR_EVENTS?)',
    );
  });

  it('every change command posts a dry-run card in the channel, and writes nothing', async () => {
    const commands: [string, string, RegExp][] = [
      [
        'input create orders_copy from production_database tables orders schema REPLICA replication full_dump_load batch 500 auto-map off',
        'input.create',
        /Create input orders_copy from production_database[\s\S]*@@ -0,0 \+1,\d+ @@\n\+\{\n\+ {2}"name": "orders_copy"[\s\S]*"replication_type": "full_dump_load"[\s\S]*\*Credentials\*: The pipeline copies production_database's stored credentials/,
      ],
      ['input set production_database batch_size 5000', 'input.set', /"batch_size": 5000/],
      ['input add-tables source_tWO invoices,refunds=updated_at', 'input.add-tables', /"invoices": "/],
      ['input auto-map source_tWO on', 'input.auto-map', /Turn auto-mapping on for input source_tWO/],
      ['input add-template mixpanel_engage_one session_id %Y-%m-%d', 'input.add-template', /"template": "%Y-%m-%d"/],
      ['event clear-stats storefront/checkout completed', 'event.clear-stats', /Unmapped fields that disappear/],
      ['default-mode set flexible', 'default-mode.set', /Set the default mapping mode to FLEXIBLE/],
      ['input delete storefront_webhook', 'input.delete', /DESTRUCTIVE: DELETE input storefront_webhook/],
      ['event delete SOURCE_TWO.TABLE_ONE', 'event.delete', /DESTRUCTIVE: DELETE event type SOURCE_TWO.TABLE_ONE/],
    ];
    for (const [command, kind, card] of commands) {
      const before = env().slack.callsOf('chat.postMessage').length;
      expect((await sendSlashCommand(env().url, { user: ALICE, text: command })).status).toBe(200);
      expect(env().slack.callsOf('chat.postMessage').length, command).toBe(before + 1);
      expect(lastCard().text, command).toMatch(card);
      expect(
        (await env().world.services.changes.listPending()).map((r) => r.kind),
        command,
      ).toContain(kind);
    }
    expect(writes()).toEqual([]);
  });

  it('a destructive card: 1 of 2 approvals and who; the same approver twice is refused; a third person applies', async () => {
    await sendSlashCommand(env().url, { user: ALICE, text: 'input delete production_database' });
    const card = lastCard();
    expect(card.text).toContain('⚠ DESTRUCTIVE: DELETE input production_database');
    expect(card.text).toContain('0 of 2 approvals: this change is destructive.');
    expect(card.text).toContain('What is lost');
    expect(card.text).toContain('PUBLIC.ORDERS');
    expect(card.text).toContain('consolidation: PUBLIC.USERS on ID');

    expect(await click(ALICE, card.approveValue)).toMatch(/You proposed this change/);
    await click(BOB, card.approveValue);
    expect(lastUpdate()).toContain(`1 of 2 approvals (<@${BOB}>): this change is destructive.`);
    expect(lastUpdate()).toMatch(/Waiting for approval/);
    expect(await click(BOB, card.approveValue)).toMatch(/already approved/i);
    expect(writes()).toEqual([]);

    await click(CAROL, card.approveValue);
    expect(lastUpdate()).toContain('Applied');
    const inputs = env().world.sandbox.listInputs();
    expect(inputs.map((input) => input.name)).not.toContain('production_database');
    expect(writes()).toHaveLength(1);
  });

  it('20 people approving a destructive card at the same moment apply it exactly once', async () => {
    await sendSlashCommand(env().url, { user: ALICE, text: 'event delete PUBLIC.ORDERS' });
    const { approveValue } = lastCard();
    await Promise.all(Array.from({ length: 20 }, (_, i) => click(`UAPPROVER${i}`, approveValue)));
    expect(writes().filter((entry) => entry.method === 'DELETE')).toHaveLength(1);
    expect(() => env().world.sandbox.getEventType('PUBLIC.ORDERS')).toThrow();
    expect(lastUpdate()).toContain('Applied');
  });

  it('a credential path on the command line is refused and opens the dialog; the dialog proposes it sealed', async () => {
    const secret = `never-echoed-${randomBytes(4).toString('hex')}`;
    const told = await privately(`input set production_database password ${secret}`);
    expect(told).toContain('`password` is a credential: values typed in a command are not used');
    expect(told).toContain('Enter it in the dialog instead.');
    expect(told).not.toContain(secret);
    const view = env().slack.callsOf('views.open').at(-1)?.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { action_id?: string; initial_value?: string } }[];
    };
    const field = view.blocks.find((block) => block.element?.action_id);
    expect(field?.element?.initial_value).toBeUndefined();
    expect(await env().world.services.changes.listPending()).toEqual([]);

    const response = await sendViewSubmission(env().url, {
      user: ALICE,
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { [field?.block_id ?? '']: { [field?.element?.action_id ?? '']: secret } },
    });
    expect(response.status).toBe(200);
    const card = lastCard();
    expect(card.text).toContain('Set credential password of input production_database');
    expect(card.text).toMatch(/\*Credential\*: \+ password of production_database \(new\)/);
    await click(BOB, card.approveValue);
    expect(lastUpdate()).toContain('Applied');
    // The sandbox keeps a credential written with PUT inputs in the configuration (it only hides those of a create).
    expect(env().world.sandbox.getInput('production_database').configuration?.password).toBe(secret);
    const requests = await env().world.services.changes.listPending();
    expect(JSON.stringify([env().slack.calls, env().slack.responses, requests, env().logText()])).not.toContain(secret);
  });

  it('when the dialog cannot open, the refusal points to set-credential and the typed value is logged nowhere', async () => {
    env().slack.failWith.set('views.open', 'expired_trigger_id');
    const secret = `typed-${randomBytes(4).toString('hex')}`;
    const told = await privately(`input set production_database password ${secret}`);
    expect(told).toContain('`password` is a credential');
    expect(told).toContain('Use `/pipeline input set-credential production_database password`.');
    expect(JSON.stringify([env().slack.calls, env().slack.responses, env().logText()])).not.toContain(secret);
    expect(await env().world.services.changes.listPending()).toEqual([]);
  });

  it('bad input is a clear private error naming the problem, and nothing is proposed', async () => {
    const cases: [string, RegExp][] = [
      ['input set nope batch_size 1', /No input named `nope`\. Inputs: .*production_database/],
      ['input set production_database batch_size lots', /`batch_size` holds a number; `lots` is not a number/],
      ['input set production_database auto_map maybe', /`auto_map` holds a boolean \(true or false\); `maybe` is not/],
      ['input add-tables production_database orders,,users', /has an empty name/],
      ['input add-tables production_database ,', /has an empty name/],
      ['input create x from production_database tables a,', /has an empty name/],
      ['input create x from nope', /No input named `nope`/],
      ['input create x from production_database batch many', /batch.*whole number/],
      ['input create x from production_database replication sometimes', /incremental_load or full_dump_load/],
      ['input auto-map source_tWO maybe', /must be on or off/],
      ['input add-template mixpanel_engage_one nope %Y', /no parameter `nope`/],
      ['input delete nope', /No input named `nope`/],
      ['event show PUBLIC.ORDRES', /No event type named `PUBLIC.ORDRES`\. Closest: PUBLIC.ORDERS/],
      ['event delete PUBLIC.ORDRES', /No event type named `PUBLIC.ORDRES`/],
      ['event clear-stats PUBLIC.ORDRES', /No event type named `PUBLIC.ORDRES`/],
      ['default-mode set LOUD', /must be one of AUTO_MAP, STRICT, FLEXIBLE/],
      ['system metrics ERROR_EVENTS soon', /must be a whole number of minutes/],
    ];
    for (const [command, expected] of cases) {
      expect(await privately(command), command).toMatch(expected);
    }
    expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
    expect(await env().world.services.changes.listPending()).toEqual([]);
    expect(writes()).toEqual([]);
  });
});
