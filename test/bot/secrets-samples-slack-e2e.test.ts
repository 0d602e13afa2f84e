import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/services/db/database.js';
import { createHttpPipelineProvider } from '../../src/services/pipeline/http-provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { SEED_EVENT_TYPE_NAMES } from '../../src/services/sandbox/sandbox-seed.js';
import { createSealedBox } from '../../src/services/secrets/sealed-box.js';
import { createServices } from '../../src/services/services.js';
import { captureLogs } from '../support/capture-logs.js';
import { describeEachBackend, publicTables, truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { FakeClock } from '../support/fake-clock.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { FakeSlack, sendButtonClick, sendSlashCommand, sendViewSubmission } from '../support/slack-http.js';
import { startSlackHttpApp } from '../support/slack-http-app.js';
import { noGroups } from '../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const CHECKOUT = SEED_EVENT_TYPE_NAMES.storefrontCheckout;

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  element?: { type: string; action_id?: string; initial_value?: string };
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}
interface View {
  callback_id: string;
  private_metadata: string;
  submit?: { text: string };
  blocks: Block[];
}

const allText = (blocks: Block[]) =>
  blocks
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))),
    ])
    .join('\n');
const unescapeMrkdwn = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describeEachBackend(
  'secrets and samples from Slack over HTTP (signed requests, nock for Slack, sandbox)',
  (backend) => {
    const db = useTestDatabase(backend);
    let sandbox: SandboxPipeline;
    let slack: FakeSlack;
    let app: App;
    let url: string;
    let logs: () => string;
    let uploads: string[];
    const canary = () => `canary-${backend}-${randomBytes(6).toString('hex')}`;

    useLoopbackOnlyNetwork();

    async function start(options: { sealing?: boolean } = {}) {
      await truncateAllTables(db());
      sandbox = await startSandboxPipeline({ apiKey: 'test-key' });
      const pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: 'test-key', retries: 0 });
      const captured = captureLogs();
      logs = captured.text;
      const services = createServices({
        db: db() as Database,
        pipeline,
        access: { proposers: [], approvers: [] },
        directory: noGroups,
        clock: new FakeClock(),
        changeTtlMs: 60 * 60_000,
        logger: captured.logger,
        workflow: options.sealing === false ? {} : { sealedBox: createSealedBox(randomBytes(32).toString('base64')) },
      });
      uploads = [];
      // Registered before FakeSlack's own files.slack.com interceptor, so the uploaded content is kept.
      nock('https://files.slack.com')
        .persist()
        .post(/.*/)
        .reply((_uri, body) => {
          uploads.push(typeof body === 'string' ? body : JSON.stringify(body));
          return [200, 'OK'];
        });
      slack = new FakeSlack();
      slack.install();
      ({ app, url } = await startSlackHttpApp(services, captured.logger));
    }

    afterEach(async () => {
      await app.stop();
      nock.cleanAll();
      await sandbox.close();
    });

    async function command(text: string, user = ALICE) {
      const before = slack.responses.length;
      const response = await sendSlashCommand(url, { user, text });
      expect(response.status).toBe(200);
      const body = (await response.text()).trim();
      const replies = slack.responses.slice(before).map((r) => r.body as { text: string; blocks?: Block[] });
      if (body !== '') replies.unshift(JSON.parse(body) as { text: string; blocks?: Block[] });
      return replies;
    }
    const replyText = (reply: { text: string; blocks?: Block[] } | undefined) =>
      unescapeMrkdwn(`${reply?.text ?? ''}\n${allText(reply?.blocks ?? [])}`);

    /** Everything Slack received, every log line, and every row of every table, as one text. */
    async function everywhere(): Promise<string> {
      const tables = await publicTables(db());
      const dumps = await Promise.all(
        tables.map(async (table) => JSON.stringify((await db().query(`SELECT * FROM ${table}`)).rows)),
      );
      return [
        JSON.stringify(slack.calls),
        JSON.stringify(slack.responses),
        uploads.join('\n'),
        logs(),
        dumps.join('\n'),
      ].join('\n');
    }

    /** `/pipeline secret set <name>` then the dialog's submission with `value`; returns the form view. */
    async function setThroughDialog(name: string, value: string, user = ALICE): Promise<View> {
      const replies = await command(`secret set ${name}`, user);
      expect(replies).toEqual([]);
      expect(slack.callsOf('views.open').at(-1)?.body.view).toMatchObject({ callback_id: 'secret_value_set' });
      const form = slack.callsOf('views.update').at(-1)?.body.view as View;
      const response = await sendViewSubmission(url, {
        user,
        callbackId: form.callback_id,
        privateMetadata: form.private_metadata,
        values: { secret_value: { sealed_value: value } },
      });
      expect(response.status).toBe(200);
      return form;
    }

    function lastCard() {
      const post = slack.callsOf('chat.postMessage').at(-1);
      const blocks = (post?.body.blocks ?? []) as Block[];
      const approve = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'change_approve');
      return { text: unescapeMrkdwn(allText(blocks)), approveValue: approve?.value ?? '' };
    }

    describe('secrets', () => {
      it('secret list shows the names only', async () => {
        await start();
        const [reply] = await command('secret list');
        const text = replyText(reply);
        expect(text).toContain('`my_password`');
        expect(text).toContain('`my_user`');
        expect(text).toContain('Values are never shown');
      });

      it('secret set: dialog (plain input, never pre-filled) → card `+ NAME (new)` → approval writes PUT secrets; the value is nowhere', async () => {
        await start();
        const value = canary();
        const form = await setThroughDialog('DB_PASSWORD', value);

        const input = form.blocks.find((b) => b.type === 'input');
        expect(input?.element).toMatchObject({ type: 'plain_text_input', action_id: 'sealed_value' });
        expect(input?.element?.initial_value).toBeUndefined();
        expect(unescapeMrkdwn(allText(form.blocks))).toContain('+ DB_PASSWORD (new)');
        expect(unescapeMrkdwn(allText(form.blocks))).toContain('Slack has no masked text input');
        const card = lastCard();
        expect(card.text).toContain('Set secret DB_PASSWORD');
        expect(card.text).toContain('+ DB_PASSWORD (new)');
        expect(card.text).toContain(`<@${ALICE}>`);
        expect(sandbox.listSecretNames()).not.toContain('DB_PASSWORD');

        await sendButtonClick(url, { user: BOB, actionId: 'change_approve', value: card.approveValue });

        expect(sandbox.secretHasValue('DB_PASSWORD', value)).toBe(true);
        expect(unescapeMrkdwn(allText((slack.callsOf('chat.update').at(-1)?.body.blocks ?? []) as Block[]))).toContain(
          'Applied',
        );
        expect(await everywhere()).not.toContain(value);
      });

      it('an existing name shows `~ NAME (value replaced)` in the dialog and on the card', async () => {
        await start();
        const value = canary();
        const form = await setThroughDialog('my_user', value);
        expect(unescapeMrkdwn(allText(form.blocks))).toContain('~ my_user (value replaced)');
        const card = lastCard();
        // The card shows summaries literally: its `~` may be the look-alike `∼` (no strikethrough).
        expect(card.text).toMatch(/\*Secret\*: [~∼] my_user \(value replaced\)/);
        await sendButtonClick(url, { user: BOB, actionId: 'change_approve', value: card.approveValue });
        expect(sandbox.secretHasValue('my_user', value)).toBe(true);
        expect(await everywhere()).not.toContain(value);
      });

      it('a failure during the apply (sandbox fault) fails the request without the value anywhere', async () => {
        await start();
        const value = canary();
        await setThroughDialog('API_TOKEN', value);
        sandbox.injectFault({ method: 'PUT', path: 'secrets', status: 400, body: { message: `bad value ${value}` } });
        await sendButtonClick(url, { user: BOB, actionId: 'change_approve', value: lastCard().approveValue });
        expect(sandbox.listSecretNames()).not.toContain('API_TOKEN');
        expect(unescapeMrkdwn(allText((slack.callsOf('chat.update').at(-1)?.body.blocks ?? []) as Block[]))).toMatch(
          /refused PUT secrets with HTTP 400/,
        );
        expect(await everywhere()).not.toContain(value);
      });

      it('an empty value is answered under the input, and nothing is proposed', async () => {
        await start();
        await command('secret set EMPTY_ONE');
        const form = slack.callsOf('views.update').at(-1)?.body.view as View;
        const response = await sendViewSubmission(url, {
          user: ALICE,
          callbackId: form.callback_id,
          privateMetadata: form.private_metadata,
          values: { secret_value: { sealed_value: null } },
        });
        expect(await response.json()).toEqual({
          response_action: 'errors',
          errors: { secret_value: 'Type the value (it cannot be empty).' },
        });
        expect(slack.callsOf('chat.postMessage')).toEqual([]);
      });

      it('refuses a bad name, and a value typed on the command line without repeating it', async () => {
        await start();
        const [bad] = await command('secret set bad-name');
        expect(replyText(bad)).toContain('a secret name is letters, digits and underscores');
        const value = canary();
        const [typed] = await command(`secret set DB_PASSWORD ${value}`);
        expect(replyText(typed)).toContain('never type a secret’s value in a command');
        expect(replyText(typed)).not.toContain(value);
        expect(slack.callsOf('views.open')).toEqual([]);
      });

      it('without PIPEOPS_SECRETS_KEY secret set says how to enable it and opens no dialog', async () => {
        await start({ sealing: false });
        const [reply] = await command('secret set DB_PASSWORD');
        expect(replyText(reply)).toContain('PIPEOPS_SECRETS_KEY is not configured');
        expect(slack.callsOf('views.open')).toEqual([]);
      });

      it('secret delete is destructive: two approvals by others, then DELETE secrets/{name}', async () => {
        await start();
        await command('secret delete my_user');
        const card = lastCard();
        expect(card.text).toContain('Delete secret my_user');
        await sendButtonClick(url, { user: BOB, actionId: 'change_approve', value: card.approveValue });
        expect(sandbox.listSecretNames()).toContain('my_user');
        await sendButtonClick(url, { user: CAROL, actionId: 'change_approve', value: card.approveValue });
        expect(sandbox.listSecretNames()).not.toContain('my_user');
      });

      it('secret delete of an unknown name suggests the close one', async () => {
        await start();
        const replies = await command('secret delete my_usr');
        expect(replyText(replies.at(-1))).toContain('No secret named `my_usr`. Did you mean `my_user`?');
        expect(slack.callsOf('chat.postMessage')).toEqual([]);
      });
    });

    describe('samples', () => {
      it('sample list: one line per sample with its status, the full JSON uploaded as a snippet', async () => {
        await start();
        const [reply] = await command(`sample list ${ORDERS}`);
        const text = replyText(reply);
        expect(text).toContain(`Samples of ${ORDERS} (3)`);
        expect(text).toContain('*1* :white_check_mark: `VALID` · myField: `"stuff"`');
        expect(text).toContain('aDictionary: `{…3 keys}`');
        expect(text).toContain('*3* :x: `TRANSFORM_ERROR`');
        expect(slack.callsOf('files.getUploadURLExternal').map((c) => c.body.filename)).toEqual([
          'event_public_orders.jsonl',
        ]);
        expect(uploads.join('\n')).toContain('"aDictionary": {"one": "Some Stuff"');
      });

      it('sample list … status <code>: only that status (case-insensitive); an unknown code lists the known ones', async () => {
        await start();
        const [reply] = await command(`sample list ${ORDERS} status transform_error`);
        expect(replyText(reply)).toContain(`Samples of ${ORDERS} with status TRANSFORM_ERROR (1)`);
        const replies = await command(`sample list ${ORDERS} status VALIDD`);
        expect(replyText(replies.at(-1))).toContain('No status code named `VALIDD`. Did you mean `VALID`?');
      });

      it('an unknown event type is a clear error, not "no samples"', async () => {
        await start();
        const replies = await command('sample list PUBLIC.ORDER');
        expect(replyText(replies.at(-1))).toContain(
          'No event type named `PUBLIC.ORDER`. Did you mean `PUBLIC.ORDERS`?',
        );
      });

      it('sample show: fields one per line, nested folded, a quoted name with spaces and a number', async () => {
        await start();
        const [reply] = await command(`sample show "${CHECKOUT}" 2`);
        const text = replyText(reply);
        expect(text).toContain(`Sample 2 of 2 · ${CHECKOUT}`);
        expect(text).toContain('`order_id` `"SF-1002"`');
        expect(text).toContain('`_metadata` `{…4 keys}`');
        const [missing] = await command(`sample show ${ORDERS} 9`);
        expect(replyText(missing)).toContain('has 3 samples; there is no sample 9');
      });

      it('credential-looking fields are masked in the reply and in the snippet', async () => {
        await start();
        const password = canary();
        sandbox.setSamples(ORDERS, [`{"id": 1, "password": "${password}", "nested": {"api_key": "${password}"}}`]);
        const [reply] = await command(`sample show ${ORDERS}`);
        expect(replyText(reply)).toContain('`password` `"••••••"`');
        await command(`sample list ${ORDERS}`);
        // Python's json.dumps writes non-ASCII as \u escapes.
        expect(uploads.join('\n')).toContain('"api_key": "\\u2022\\u2022\\u2022\\u2022\\u2022\\u2022"');
        expect(await everywhere()).not.toContain(password);
      });

      it('sample stats: a table of event types × status codes', async () => {
        await start();
        const [reply] = await command('sample stats');
        const text = replyText(reply);
        expect(text).toMatch(/event type\s+VALID\s+MAPPING_ERROR\s+TRANSFORM_ERROR\s+total/);
        expect(text).toMatch(/PUBLIC\.ORDERS\s+2\s+0\s+1\s+3/);
        expect(text).toMatch(/mixpanel_engage_one\s+1\s+1\s+0\s+2/);
      });
    });
  },
);
