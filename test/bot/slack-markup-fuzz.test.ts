import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pipelineCommands } from '../../src/handlers/commands/pipeline-commands.js';
import { renderMetricChart } from '../../src/services/charts/metric-chart.js';
import { SEED_EVENT_TYPE_NAMES, SEED_INPUT_IDS } from '../../src/services/sandbox/sandbox-seed.js';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { type FakeSlack, sendButtonClick, sendSlashCommand } from '../support/slack-http.js';
import { type SlackHttpWorld, startSlackHttpWorld } from '../support/slack-http-world.js';
import { payloadProblems, slackTexts } from '../support/slack-markup.js';
import type { WorkflowWorld } from '../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
// The one link pipeops writes into replies: to the card of a request already pending (its URL is built from ids).
const RULES = { users: [ALICE, BOB], linkLabels: ['See its card.'] };

/**
 * 300 commands per backend keep this file well under 30 s on a shared 2-core machine (each command is a signed
 * HTTP request through Bolt, the services, the database and the sandbox pipeline). The 10,000 fuzzed
 * commands: `FUZZ_RUNS=10000 npx vitest run test/bot/slack-markup-fuzz.test.ts` (several minutes).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const REPLY_WITHIN_MS = 3_000;

/** What Slack gives meaning to, each wrapping a marker the markup checker recognises (test/support/slack-markup.ts). */
const HOSTILE = [
  '<!channel>',
  '<!everyone>',
  '<!here>',
  '<@U123>',
  '<@UBOB|bob>',
  '<#C123>',
  '<#C123|general>',
  '<https://evil|Approve here>',
  '<https://evil>',
  '*zqb*',
  '_zqi_',
  '~zqs~',
  '`zqc`',
  '```zqf```',
  '`',
  '```',
  '&lt;!channel&gt;',
  '&amp;',
  '&',
  '> zqq',
  '\n> zqq',
  '>>> zqq',
  '\n',
  ':boom:',
  'é',
  '😀',
  '\u202e',
  '日本',
];

/** Pipeline resources made hostile: what the pipeline returns is untrusted too. */
const HOSTILE_INPUT = 'orders <!channel> *zqb* _zqi_ `zqc` <https://evil|Approve here>';
const HOSTILE_INPUT_2 = '~zqs~<!everyone>```zqf```';
const HOSTILE_FIELD = '<!here>_zqi_';

const hostileText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(''));

const realNames = [
  HOSTILE_INPUT,
  HOSTILE_INPUT_2,
  'production_database',
  'source_tWO',
  SEED_EVENT_TYPE_NAMES.publicOrders,
  SEED_EVENT_TYPE_NAMES.publicUsers,
  SEED_EVENT_TYPE_NAMES.storefrontCheckout,
  '#1',
  'STRICT',
  'ID',
];

const argValue = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 3, arbitrary: fc.constantFrom(...realNames) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...realNames), hostileText).map(([a, b]) => `${a}${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(3000), `${'ab_'.repeat(400)}*zqb*`) },
);

/** One word of a command: quoted when it holds spaces, as a user would type it. */
const asWord = (value: string) => (/\s/.test(value) && !value.includes('"') ? `"${value}"` : value.replace(/\s+/g, ''));

/** A command for one pattern of the grammar, its captures drawn from hostile values. */
function commandFor(pattern: string): fc.Arbitrary<string> {
  const parts = pattern.split(' ').map((part) => {
    if (part.startsWith('<') && part.endsWith('...>')) return argValue;
    if (part.startsWith('<')) return argValue.map(asWord);
    if (part.startsWith('[')) return fc.option(argValue.map(asWord), { nil: '' });
    return fc.constant(part);
  });
  return fc.tuple(...parts).map((words) => words.filter((w) => w !== '').join(' '));
}

const command = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(...pipelineCommands.map((c) => commandFor(c.pattern))) },
  // Not a command at all: usage errors quote the words back.
  { weight: 1, arbitrary: fc.array(argValue, { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')) },
);

/** Slack escapes `&`, `<` and `>` in command text; with should_escape on it also sends `<@U…|name>` raw. */
const slackEscaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const click = fc.constantFrom(
  { user: BOB, actionId: 'change_approve' },
  { user: BOB, actionId: 'change_reject' },
  { user: ALICE, actionId: 'change_cancel' },
  { user: ALICE, actionId: 'change_approve' },
  { user: BOB, actionId: 'change_replan' },
);

describeEachBackend('Slack markup from hostile text, through the signed HTTP receiver', (backend) => {
  const db = useTestDatabase(backend);
  // One world for the whole suite, made hostile once below (not one per test, as useSlackHttpWorld would start).
  let env: SlackHttpWorld;
  let world: WorkflowWorld;
  let slack: FakeSlack;
  let url: string;

  useLoopbackOnlyNetwork();

  beforeAll(async () => {
    // The chart renderer (ECharts, resvg's WASM) loads on first use, which under a full parallel test run can take
    // seconds: loaded here, so that the 3 s bound below measures the command, not the module loading.
    await renderMetricChart('warm-up', [{ metric: 'EVENTS', unit: 'events', points: [[1, 0]] }]);
    env = await startSlackHttpWorld(db());
    ({ world, slack, url } = env);
    world.sandbox.updateInput(SEED_INPUT_IDS.mixpanelEngageOne, (input) => ({ ...input, name: HOSTILE_INPUT }));
    world.sandbox.updateInput(SEED_INPUT_IDS.storefrontWebhook, (input) => ({ ...input, name: HOSTILE_INPUT_2 }));
    world.sandbox.updateEventType(SEED_EVENT_TYPE_NAMES.publicOrders, (eventType) => ({
      ...eventType,
      mapping: eventType.mapping ? { ...eventType.mapping, tableName: `ORDERS${HOSTILE_FIELD}` } : eventType.mapping,
      consolidation: { ...eventType.consolidation, consolidationKeys: ['ID', '*zqb*<!channel>'] },
      fields: [
        ...(eventType.fields ?? []),
        {
          fieldName: HOSTILE_FIELD,
          fields: [],
          mapping: {
            columnName: '`zqc`*zqb*',
            isDiscarded: false,
            machineGenerated: false,
            subFields: null,
            columnType: { type: 'VARCHAR', length: 64, nonNull: false },
          },
        },
      ],
    }));
    world.sandbox.setSamples(SEED_EVENT_TYPE_NAMES.publicOrders, [
      JSON.stringify({ id: 1, note: '<!channel> *zqb* ```zqf``` \n> zqq', [HOSTILE_FIELD]: '<@U123>' }),
    ]);
    world.sandbox.setTransformSteps(
      SEED_EVENT_TYPE_NAMES.publicOrders,
      JSON.stringify([
        {
          fn: 'add_columns_with_default',
          args: { field_and_default_dict: { '<!here>_zqi_': '~zqs~<https://evil|x>' } },
        },
      ]),
    );
  });

  afterAll(() => env.close());

  /** Everything Slack received since `from`, with its problems; also checks the plain_text fields are not empty. */
  function problemsSince(from: { calls: number; responses: number }): string[] {
    const bodies = [
      ...slack.calls.slice(from.calls).map((c) => ({ where: c.method, body: c.body })),
      ...slack.responses.slice(from.responses).map((r) => ({ where: 'response_url', body: r.body })),
    ];
    return bodies.flatMap(({ where, body }) => [
      ...payloadProblems(body, where, RULES),
      ...slackTexts(body, where)
        .plain.filter((p) => p.text.trim() === '')
        .map((p) => `${p.where}: empty plain_text`),
    ]);
  }

  async function timed(send: () => Promise<Response>): Promise<{ status: number; body: unknown; ms: number }> {
    const started = performance.now();
    const response = await send();
    const ms = performance.now() - started;
    const raw = await response.text();
    return { status: response.status, body: raw.startsWith('{') ? JSON.parse(raw) : null, ms };
  }

  it('the issue’s example: keys `<!channel>` are refused privately (not a column), the refusal escaped', async () => {
    const from = { calls: slack.calls.length, responses: slack.responses.length };
    const reply = await timed(() =>
      sendSlashCommand(url, { user: ALICE, text: slackEscaped('mapping PUBLIC.USERS keys <!channel> *zqb*') }),
    );
    expect(reply.status).toBe(200);
    expect(slack.calls.slice(from.calls).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(JSON.stringify(slack.responses.slice(from.responses).map((r) => r.body))).toContain('&lt;!channel&gt;');
    expect(problemsSince(from)).toEqual([]);
  });

  it('a hostile value that does reach a public card does not ping the channel from the card or its fallback text', async () => {
    const from = { calls: slack.calls.length, responses: slack.responses.length };
    const reply = await timed(() =>
      sendSlashCommand(url, {
        user: ALICE,
        text: slackEscaped('input set production_database input_default_schema <!channel> *zqb*'),
      }),
    );
    expect(reply.status).toBe(200);
    const post = slack.calls.slice(from.calls).find((c) => c.method === 'chat.postMessage');
    expect(String(post?.body.text)).toContain('&lt;!channel&gt;');
    // plain_text fields (the header) show `<!channel>` literally; no mrkdwn text may hold it.
    expect(slackTexts(post?.body).mrkdwn.filter((m) => m.text.includes('<!channel>'))).toEqual([]);
    expect(problemsSince(from)).toEqual([]);
  });

  it('a pipeline failure quoting hostile text reaches the card and the thread escaped', async () => {
    const from = { calls: slack.calls.length, responses: slack.responses.length };
    await timed(() => sendSlashCommand(url, { user: ALICE, text: `input pause "${slackEscaped(HOSTILE_INPUT)}"` }));
    const card = slack.calls.slice(from.calls).find((c) => c.method === 'chat.postMessage');
    const id = JSON.stringify(card?.body.blocks).match(/"action_id":"change_approve","value":"(\d+)"/)?.[1];
    expect(id).toBeDefined();
    world.sandbox.injectFault({
      method: 'PUT',
      path: /pause$/,
      status: 503,
      body: { message: '<!channel> *zqb* `zqc` <https://evil|Approve here>' },
      times: 1,
    });
    await timed(() => sendButtonClick(url, { user: BOB, actionId: 'change_approve', value: id ?? '' }));
    const texts = JSON.stringify(slack.calls.slice(from.calls).map((c) => c.body));
    expect(texts).toMatch(/Failed/);
    expect(problemsSince(from)).toEqual([]);
  });

  it('no command of the grammar, with any hostile arguments or resource names, sends markup to Slack', async () => {
    await fc.assert(
      fc.asyncProperty(command, fc.boolean(), fc.option(click, { nil: null }), async (text, escaped, then) => {
        const from = { calls: slack.calls.length, responses: slack.responses.length };
        const sent = escaped ? slackEscaped(text) : text;
        const reply = await timed(() => sendSlashCommand(url, { user: ALICE, text: sent }));
        const problems = [...payloadProblems(reply.body, 'ack', RULES), ...problemsSince(from)];
        expect(reply.status, sent).toBe(200);
        expect(reply.ms, `${sent} took ${Math.round(reply.ms)} ms`).toBeLessThan(REPLY_WITHIN_MS);

        // Press a button of the card the command posted (approve, reject, cancel, re-plan): the card is redrawn
        // and the thread told, all with the same hostile text.
        const card = slack.calls.slice(from.calls).find((c) => c.method === 'chat.postMessage');
        const id = JSON.stringify(card?.body.blocks ?? []).match(/"value":"(\d+)"/)?.[1];
        if (then && id) {
          const before = { calls: slack.calls.length, responses: slack.responses.length };
          const pressed = await timed(() => sendButtonClick(url, { ...then, value: id }));
          expect(pressed.status).toBe(200);
          expect(pressed.ms).toBeLessThan(REPLY_WITHIN_MS);
          problems.push(...problemsSince(before));
        }
        expect(problems, sent).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
