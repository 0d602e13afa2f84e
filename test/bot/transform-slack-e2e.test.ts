import { describe, expect, it } from 'vitest';
import type { TransformStepList } from '../../src/services/pipeline/transform-contract.js';
import { SEED_EVENT_TYPE_NAMES } from '../../src/services/sandbox/sandbox-seed.js';
import { formatStepList } from '../../src/services/transform-tests/step-text.js';
import { parseJson } from '../../src/transforms/index.js';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand, sendViewSubmission } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const CHECKOUT = SEED_EVENT_TYPE_NAMES.storefrontCheckout;

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  label?: { text: string };
  element?: { type: string; action_id?: string; initial_value?: string; multiline?: boolean };
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}
interface View {
  type: string;
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit?: { text: string };
  blocks: Block[];
}

const blocksOf = (body: Record<string, unknown>) => body.blocks as Block[];
const allText = (blocks: Block[]) =>
  blocks
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))),
    ])
    .join('\n');
const unescapeMrkdwn = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The seeded getting-started steps with add_composite_key reading `my_field` instead of `created_at`. */
const NEW_STEPS = `[
  {"fn": "convert_all_event_fields_to_snake_case"},
  {"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1, "keep_original": false, "dump_to_string": true}},
  {"fn": "add_composite_key", "args": {"field_list": ["id", "my_field"], "key_name": "id_created_datetime"}},
  {"fn": "map_value_in_list_to_dictionary_key", "args": {"mapping_dict_with_lists": {"one_to_three": [1, 2, 3], "four_to_six": [4, 5, 6]}, "existing_column": "a_number", "new_column": "number_category", "allow_nulls": true, "passthrough": true}}
]`;

describeEachBackend(
  'transforms from Slack over HTTP (signed requests, nock for Slack, sandbox pipeline)',
  (backend) => {
    const db = useTestDatabase(backend);
    const env = useSlackHttpWorld(db);

    /** Runs a command and returns the one ephemeral reply sent to its response_url. */
    async function command(text: string, user = ALICE) {
      const before = env().slack.responses.length;
      const response = await sendSlashCommand(env().url, { user, text });
      expect(response.status).toBe(200);
      const replies = env().slack.responses.slice(before);
      expect(replies).toHaveLength(1);
      return replies[0]?.body as { response_type: string; text: string; blocks: Block[] };
    }

    const runCalls = () =>
      env().world.sandbox.requestLog.filter((e) => e.method === 'POST' && e.path === 'transform/steps/run');
    const stepWrites = () =>
      env().world.sandbox.requestLog.filter((e) => e.method === 'PUT' && e.path.startsWith('transform/'));

    describe('/pipeline transform test', () => {
      it('runs every sample through the current steps with the pipeline and shows per-sample diffs and a summary', async () => {
        const reply = await command(`transform test ${ORDERS}`);

        expect(reply.response_type).toBe('ephemeral');
        expect(reply.text).toBe(`Transform test of ${ORDERS}: 3 samples, 2 changed, 1 error`);
        const text = unescapeMrkdwn(allText(reply.blocks));
        expect(text).toContain('*3 samples, 2 changed, 1 error*');
        const sample = (n: number) =>
          unescapeMrkdwn(reply.blocks.find((b) => b.block_id === `tt-sample-${n}`)?.text?.text ?? '');
        expect(sample(1)).toContain('*sample 1* `1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e` · changed');
        expect(sample(1)).toContain('» myField → my_field');
        expect(sample(1)).toContain(
          '- aDictionary: {"one": "Some Stuff", "two": "More Stuff", "three": {"Another dict": {"Inside Three": 3.3, "More Inside Three": 3.4}}}',
        );
        expect(sample(1)).toContain(
          '+ a_dictionary_three: "{\\"Another dict\\": {\\"Inside Three\\": 3.3, \\"More Inside Three\\": 3.4}}"',
        );
        expect(sample(1)).toContain('+ id_created_datetime: "1-2019-08-01 00:00:00"');
        expect(sample(1)).toContain('+ number_category: "four_to_six"');
        expect(sample(2)).toContain('+ number_category: "one_to_three"');
        expect(sample(3)).toContain(':x: error');
        expect(sample(3)).toContain("✗ step 2 add_composite_key: KeyError: 'created_at'");
        expect(runCalls()).toHaveLength(3);
        expect(stepWrites()).toEqual([]);
      });

      it('shows a split as its events, and a name that needs quoting works', async () => {
        env().world.sandbox.setTransformSteps(
          CHECKOUT,
          '[{"fn": "split_field_list_to_multiple_events", "args": {"fields_to_split": ["items", "quantities"], "add_counter": true, "counter_name": "line"}}]',
        );

        const reply = await command(`transform test ${CHECKOUT}`);

        expect(reply.text).toBe(`Transform test of ${CHECKOUT}: 2 samples, 2 changed, 0 errors, 1 split`);
        const first = unescapeMrkdwn(reply.blocks.find((b) => b.block_id === 'tt-sample-1')?.text?.text ?? '');
        expect(first).toContain(':scissors: split');
        expect(first).toContain('→ split into 2 events');
        expect(first).toContain('event 1/2:\n  - items: ["MUG-1", "TEE-3"]');
        expect(first).toContain('  + item: "MUG-1"');
        expect(first).toContain('  + line: 1');
        expect(first).toContain('event 2/2:');
        expect(first).toContain('  + item: "TEE-3"');
      });

      it('stays within Block Kit limits with many large samples, cutting display text but never ids', async () => {
        const keys = Array.from({ length: 120 }, (_, i) => `"someLongCamelCaseField${i}": "value number ${i}"`).join(
          ', ',
        );
        const uuid = (i: number) => `uuid-${i}-${'x'.repeat(90)}`;
        env().world.sandbox.setSamples(
          CHECKOUT,
          Array.from({ length: 30 }, (_, i) => `{${keys}, "_metadata": {"@uuid": "${uuid(i)}"}}`),
        );
        env().world.sandbox.setTransformSteps(CHECKOUT, '[{"fn": "convert_all_event_fields_to_snake_case"}]');

        const reply = await command(`transform test ${CHECKOUT}`);

        expect(reply.blocks.length).toBeLessThanOrEqual(50);
        for (const block of reply.blocks) expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
        expect(reply.text).toContain('20 samples, 20 changed, 0 errors');
        const text = allText(reply.blocks);
        expect(text).toContain('(the first 20 of 30)');
        for (let i = 0; i < 20; i++) expect(text).toContain(`\`${uuid(i)}\``);
        expect(text).toMatch(/… \d+ more lines/);
        expect(runCalls()).toHaveLength(20);
      });

      it('says so when there are no samples, and names an unknown event type', async () => {
        env().world.sandbox.setSamples(SEED_EVENT_TYPE_NAMES.sourceTwoTableOne, []);
        const empty = await command(`transform test ${SEED_EVENT_TYPE_NAMES.sourceTwoTableOne}`);
        expect(empty.text).toContain('0 samples, 0 changed, 0 errors');
        expect(allText(empty.blocks)).toContain('has no samples');

        const unknown = await command('transform test NOPE');
        expect(unknown.text).toMatch(/^:warning: No event type named `NOPE`. Closest: .*PUBLIC.ORDERS/);
      });
    });

    describe('/pipeline transform show and functions', () => {
      it('shows the steps in the form the editor uses, and lists the functions with signatures', async () => {
        const show = await command(`transform show ${ORDERS}`);
        const text = unescapeMrkdwn(allText(show.blocks));
        expect(text).toContain('4 steps');
        expect(text).toContain('{"fn": "convert_all_event_fields_to_snake_case"},\n  {"fn": "flatten_json"');

        const functions = await command('transform functions');
        expect(allText(functions.blocks)).toContain(
          '`flatten_json(event, field_or_field_list, levels, keep_original=False, dump_to_string=False)`',
        );
        expect(functions.blocks.length).toBeLessThanOrEqual(50);
      });
    });

    describe('/pipeline transform set (modal)', () => {
      async function openEditor(user = ALICE, eventType: string = ORDERS) {
        await sendSlashCommand(env().url, { user, text: `transform set ${eventType}` });
        const [open] = env().slack.callsOf('views.open');
        const [update] = env().slack.callsOf('views.update');
        return { open, update, view: update?.body.view as View };
      }

      function submit(view: View, steps: string, user = ALICE) {
        return sendViewSubmission(env().url, {
          user,
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          values: { transform_steps: { steps_json: steps } },
        });
      }

      it('opens a loading modal with the trigger, then updates it with the current steps in a multiline input', async () => {
        const { open, update, view } = await openEditor();

        expect(open?.body).toMatchObject({ trigger_id: '123.456.abc' });
        const loading = open?.body.view as View;
        expect(loading).toMatchObject({ type: 'modal', callback_id: 'transform_steps_edit' });
        expect(allText(loading.blocks)).toContain('Reading the transform steps of `PUBLIC.ORDERS`');
        expect(update?.body).toMatchObject({ view_id: 'V0EDITOR', hash: expect.stringMatching(/hash/) });
        expect(view.submit?.text).toBe('Propose');
        const input = view.blocks.find((b) => b.type === 'input');
        expect(input).toMatchObject({
          block_id: 'transform_steps',
          element: { type: 'plain_text_input', action_id: 'steps_json', multiline: true },
        });
        expect(input?.element?.initial_value).toBe(
          formatStepList(parseJson(env().world.sandbox.getTransformSteps(ORDERS)) as TransformStepList),
        );
        expect(input?.element?.initial_value).toMatch(
          /^\[\n {2}\{"fn": "convert_all_event_fields_to_snake_case"\},\n {2}\{"fn": "flatten_json"/,
        );
        expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
        expect(JSON.parse(view.private_metadata)).toMatchObject({ c: 'C0DATAOPS', e: ORDERS });
        expect(env().slack.responses).toEqual([]);
      });

      it('answers invalid steps with an errors ack under the input, and proposes nothing', async () => {
        const { view } = await openEditor();

        const response = await submit(view, '[{"fn": "flaten_json", "args": {}}]');

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          response_action: 'errors',
          errors: { transform_steps: "step 0 fn: NameError: name 'flaten_json' is not defined" },
        });
        const bad = await submit(view, '[{"fn": "add_suffix", "args": {"fields": ["a"], "suffix": "x"},]');
        expect(((await bad.json()) as { errors: Record<string, string> }).errors.transform_steps).toMatch(
          /^steps: JSONDecodeError: /,
        );
        const same = await submit(
          view,
          (view.blocks.find((b) => b.type === 'input')?.element?.initial_value ?? '').replace(/\n\s*/g, ' '),
        );
        expect(((await same.json()) as { errors: Record<string, string> }).errors.transform_steps).toBe(
          `These are the current steps of ${ORDERS}: change something, or press Cancel.`,
        );
        expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
        expect(await env().world.services.changes.listPending()).toEqual([]);
      });

      it('valid steps close the modal and post a card with the steps diff and the effect on the samples; a second user applies once', async () => {
        const { view } = await openEditor();

        const response = await submit(view, NEW_STEPS);

        expect(response.status).toBe(200);
        expect(await response.text()).toBe('');
        const [post] = env().slack.callsOf('chat.postMessage');
        expect(post?.body.channel).toBe('C0DATAOPS');
        const card = unescapeMrkdwn(allText(blocksOf(post?.body ?? {})));
        expect(card).toContain(`Set the transform steps of ${ORDERS} (4 steps)`);
        expect(card).toContain(
          `-    "add_composite_key(event, field_list=['id', 'created_at'], key_name='id_created_datetime')",`,
        );
        expect(card).toContain(
          `+    "add_composite_key(event, field_list=['id', 'my_field'], key_name='id_created_datetime')",`,
        );
        expect(card).toContain('*Effect on 3 samples*: 3 of 3 outputs change · errors 1 → 0');
        expect(card).toContain(
          'sample 1 (1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e)\n  ~ id_created_datetime: "1-2019-08-01 00:00:00" → "1-stuff"',
        );
        expect(card).toContain("✓ error fixed (was step 2 add_composite_key: KeyError: 'created_at')");
        expect(stepWrites()).toEqual([]);
        const approve = blocksOf(post?.body ?? {})
          .flatMap((b) => b.elements ?? [])
          .find((e) => e.action_id === 'change_approve');

        await sendButtonClick(env().url, { user: ALICE, actionId: 'change_approve', value: approve?.value ?? '' });
        expect(env().slack.responses.at(-1)?.body.text).toMatch(/someone else has to approve/);
        await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: approve?.value ?? '' });

        expect(stepWrites().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
          'PUT transform/steps/PUBLIC.ORDERS 200',
        ]);
        expect(env().world.sandbox.getTransformSteps(ORDERS)).toContain('"field_list": ["id", "my_field"]');
        expect(allText(blocksOf(env().slack.callsOf('chat.update').at(-1)?.body ?? {}))).toContain(
          ':white_check_mark: Applied',
        );
        const after = await command(`transform test ${ORDERS}`);
        expect(after.text).toBe(`Transform test of ${ORDERS}: 3 samples, 3 changed, 0 errors`);
      });

      it('fits a large preview into the card and uploads the whole of it to the thread', async () => {
        const keys = Array.from({ length: 60 }, (_, i) => `"someCamelCaseField${i}": ${i}`).join(', ');
        env().world.sandbox.setSamples(
          CHECKOUT,
          Array.from({ length: 12 }, (_, i) => `{${keys}, "_metadata": {"@uuid": "u${i}"}}`),
        );
        const { view } = await openEditor(ALICE, CHECKOUT);

        await submit(view, '[{"fn": "convert_all_event_fields_to_snake_case"}]');

        const blocks = blocksOf(env().slack.callsOf('chat.postMessage')[0]?.body ?? {});
        expect(blocks.length).toBeLessThanOrEqual(50);
        for (const block of blocks) expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
        const card = allText(blocks);
        expect(card).toContain('*Effect on 12 samples*: 12 of 12 outputs change · errors 0 → 0');
        expect(card).toContain('Shortened to fit; the full preview is in the thread.');
        const uploaded = env().slack.callsOf('files.getUploadURLExternal');
        expect(uploaded.map((c) => c.body.filename)).toContain('change-1-preview.txt');
      });

      it('refuses a stale plan when the steps changed after the proposal', async () => {
        const { view } = await openEditor();
        await submit(view, NEW_STEPS);
        const id = blocksOf(env().slack.callsOf('chat.postMessage')[0]?.body ?? {})
          .flatMap((b) => b.elements ?? [])
          .find((e) => e.action_id === 'change_approve')?.value;
        env().world.sandbox.setTransformSteps(ORDERS, '[{"fn": "convert_all_event_fields_to_snake_case"}]');

        await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: id ?? '' });

        const card = allText(blocksOf(env().slack.callsOf('chat.update').at(-1)?.body ?? {}));
        expect(card).toContain('plan is stale');
        expect(card).toContain('changed since this plan was made (steps)');
        expect(stepWrites()).toEqual([]);
        expect(env().world.sandbox.getTransformSteps(ORDERS)).toBe(
          '[{"fn": "convert_all_event_fields_to_snake_case"}]',
        );
      });

      it('warns the editor privately when the steps changed while the modal was open', async () => {
        const { view } = await openEditor();
        env().world.sandbox.setTransformSteps(ORDERS, '[{"fn": "mark_for_delete"}]');

        await submit(view, NEW_STEPS);

        expect(env().slack.callsOf('chat.postMessage')).toHaveLength(1);
        const [warning] = env().slack.callsOf('chat.postEphemeral');
        expect(warning?.body).toMatchObject({ channel: 'C0DATAOPS', user: ALICE });
        expect(String(warning?.body.text)).toContain('changed while you were editing them');
      });

      it('shows why in the modal when the event type does not exist or the user may not propose', async () => {
        const unknown = await openEditor(ALICE, 'NOPE');
        expect(unknown.view.submit).toBeUndefined();
        expect(allText(unknown.view.blocks)).toContain('No event type named `NOPE`.');

        await env.restart({ world: { proposers: [BOB] } });
        const refused = await openEditor(ALICE);
        expect(allText(refused.view.blocks)).toContain('not allowed to propose pipeline changes');
        expect(refused.view.blocks.some((b) => b.type === 'input')).toBe(false);
      });

      it('tells the user privately, with their steps, when the proposal fails after the modal closed', async () => {
        const { view } = await openEditor();
        env().world.sandbox.injectFault({ method: 'GET', path: `transform/steps/${ORDERS}`, status: 404 });

        const response = await submit(view, NEW_STEPS);

        expect(await response.text()).toBe('');
        expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
        const [told] = env().slack.callsOf('chat.postEphemeral');
        expect(String(told?.body.text)).toContain('No event type named `PUBLIC.ORDERS`.');
        expect(String(told?.body.text)).toContain('Your steps, so that they are not lost');
        expect(String(told?.body.text)).toContain('"field_list": ["id", "my_field"]');
      });
    });
  },
);
