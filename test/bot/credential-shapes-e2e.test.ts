import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JsonValue } from '../../src/services/json-value.js';
import { createHttpPipelineProvider } from '../../src/services/pipeline/http-provider.js';
import type { PipelineProvider } from '../../src/services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { SEED_EVENT_TYPE_NAMES } from '../../src/services/sandbox/sandbox-seed.js';
import { createServices, type Services } from '../../src/services/services.js';
import { CREDENTIAL_SHAPES, type CredentialShape, leakForms } from '../services/credentials/credential-shapes.js';
import { captureLogs } from '../support/capture-logs.js';
import { describeEachBackend, publicTables, truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { FakeClock } from '../support/fake-clock.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { FakeSlack, sendButtonClick, sendSlashCommand } from '../support/slack-http.js';
import { startSlackHttpApp } from '../support/slack-http-app.js';
import { noGroups } from '../support/workflow-world.js';

/**
 * Issue 7 §4, end to end: every credential shape of CREDENTIAL_SHAPES sits in a real input configuration of the
 * sandbox pipeline (and in the samples of an event type); `input show`, `input list`, two approved changes on that
 * input, `audit`, `transform test` and `sample show` run through the production Bolt app; then no form of any secret (verbatim, URL-encoded, base64) may be in anything Slack
 * received, any log line, any audit row or any row of any table.
 */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const INPUT = 'storefront_webhook';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
/** The pipeline API key: echoed back by a failing pipeline below, in every encoding. */
const API_KEY = 'pipeline-key/0042+leak~test';
/** Shapes per input configuration: small enough for `input show` and the card to show every field whole. */
const SHAPES_PER_RUN = 6;

const runs: CredentialShape[][] = [];
for (let i = 0; i < CREDENTIAL_SHAPES.length; i += SHAPES_PER_RUN) {
  runs.push(CREDENTIAL_SHAPES.slice(i, i + SHAPES_PER_RUN));
}

const secretsOf = (shapes: readonly CredentialShape[]) => shapes.flatMap((shape) => shape.secrets);

describeEachBackend('credential shapes never reach Slack, logs, the audit or the database (issue 7 §4)', (backend) => {
  const db = useTestDatabase(backend);
  let sandbox: SandboxPipeline;
  let pipeline: PipelineProvider;
  let services: Services;
  let slack: FakeSlack;
  let app: App;
  let url: string;
  let logText: () => string;
  /** Every acknowledgement body the app answered with (ephemeral replies can travel that way too). */
  let acks: string[];
  /** Every file uploaded to Slack (long diffs travel as snippets). */
  let uploads: string[];

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    sandbox = await startSandboxPipeline({ apiKey: API_KEY });
    pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: API_KEY, timeoutMs: 5_000, retries: 0 });
    const logs = captureLogs('debug');
    logText = logs.text;
    services = createServices({
      db: db(),
      pipeline,
      access: { proposers: [], approvers: [] },
      directory: noGroups,
      clock: new FakeClock(),
      changeTtlMs: 60 * 60_000,
      logger: logs.logger,
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
    ({ app, url } = await startSlackHttpApp(services, logs.logger));
    acks = [];
  });

  afterEach(async () => {
    await app.stop();
    nock.cleanAll();
    await sandbox.close();
  });

  async function command(user: string, text: string) {
    const response = await sendSlashCommand(url, { user, text });
    expect(response.status).toBe(200);
    acks.push(await response.text());
  }

  async function click(user: string, actionId: string, value: string) {
    const response = await sendButtonClick(url, { user, actionId, value });
    expect(response.status).toBe(200);
    acks.push(await response.text());
  }

  /** Puts the shapes into the input's configuration with a PUT through the provider, as an admin would. */
  async function storeShapes(shapes: readonly CredentialShape[]) {
    const input = sandbox.getInput(INPUT);
    const configuration: { [key: string]: JsonValue } = { ...(input.configuration as { [key: string]: JsonValue }) };
    for (const shape of shapes) configuration[shape.field] = shape.value;
    await pipeline.updateInput({ ...input, configuration });
    expectSecretsInPipeline(shapes);
  }

  /** The test can only fail if the secrets really are in the pipeline's configuration (and stay there). */
  function expectSecretsInPipeline(shapes: readonly CredentialShape[]) {
    const stored = JSON.stringify(sandbox.getInput(INPUT).configuration);
    for (const secret of secretsOf(shapes)) expect(stored).toContain(secret);
  }

  /** Proposes with `text` as Alice and approves the card it posts as Bob; returns the request's number. */
  async function proposeAndApprove(text: string): Promise<string> {
    const posted = slack.callsOf('chat.postMessage').length;
    await command(ALICE, text);
    const card = slack.callsOf('chat.postMessage')[posted];
    const id = JSON.stringify(card?.body.blocks ?? []).match(/"action_id":"change_approve"[^}]*"value":"(\d+)"/)?.[1];
    if (!id) throw new Error(`no approve button on the card for ${text}: ${JSON.stringify(card?.body)}`);
    await click(BOB, 'change_approve', id);
    return id;
  }

  /** Everything that leaves the process or is kept: Slack bodies, log lines, the audit, every table's rows. */
  async function everywhere(): Promise<Record<string, string>> {
    const places: Record<string, string> = {
      slackWebApi: JSON.stringify(slack.calls),
      slackResponseUrls: JSON.stringify(slack.responses),
      slackAcks: JSON.stringify(acks),
      slackUploads: uploads.join('\n'),
      logs: logText(),
      audit: JSON.stringify(await services.audit.list({ limit: 1_000 })),
    };
    for (const table of await publicTables(db())) {
      places[`table ${table}`] = JSON.stringify((await db().query(`SELECT * FROM ${table}`)).rows);
    }
    return places;
  }

  function expectAbsent(places: Record<string, string>, secrets: readonly string[]) {
    for (const secret of secrets) {
      for (const form of leakForms(secret)) {
        for (const [place, text] of Object.entries(places)) {
          expect(text.includes(form), `${JSON.stringify(form)} (of ${JSON.stringify(secret)}) in ${place}`).toBe(false);
        }
      }
    }
  }

  it('covers at least 30 shapes, each with its own canaries', () => {
    expect(CREDENTIAL_SHAPES.length).toBeGreaterThanOrEqual(30);
    const secrets = secretsOf(CREDENTIAL_SHAPES);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it.each(runs.map((shapes) => [shapes.map((shape) => shape.label).join(', '), shapes] as const))(
    'input show, input list, two approved changes and the audit mask: %s',
    async (_labels, shapes) => {
      await storeShapes(shapes);

      await command(ALICE, `input show ${INPUT}`);
      const shown = JSON.stringify([slack.responses, acks]);
      // Every shape's field is shown (masked), so none escaped the check by being cut off.
      for (const shape of shapes) expect(shown).toContain(JSON.stringify(shape.field).slice(1, -1));
      expect(shown).toContain('••••••');
      await command(ALICE, 'input list');

      await proposeAndApprove(`input pause ${INPUT}`);
      expect(sandbox.getInput(INPUT).paused).toBe(true);
      const set = await proposeAndApprove(`input set ${INPUT} input_default_schema STOREFRONT_MASKED`);
      expect(sandbox.getInput(INPUT).configuration?.input_default_schema).toBe('STOREFRONT_MASKED');
      // The writes sent the real configuration back, not the masked one reviewers saw.
      expectSecretsInPipeline(shapes);
      expect((await services.changes.get(Number(set)))?.status).toBe('applied');

      await command(ALICE, `audit ${INPUT}`);
      const places = await everywhere();
      expect(places.audit).toContain('"action":"approved"');
      expect(places['table change_requests']).toContain('STOREFRONT_MASKED');
      expectAbsent(places, secretsOf(shapes));
    },
  );

  it.each(runs.map((shapes) => [shapes.map((shape) => shape.label).join(', '), shapes] as const))(
    'transform test and sample show mask the samples and their outputs: %s',
    async (_labels, shapes) => {
      // Inside `aDictionary`, which the seeded steps flatten: every shape shows up as a changed field.
      const inner = JSON.stringify(Object.fromEntries(shapes.map((shape) => [shape.field, shape.value]))).slice(1, -1);
      const samples = sandbox
        .listSamples(ORDERS)
        .map((sample) => sample.replace('"aDictionary": {', `"aDictionary": {${inner}, `));
      sandbox.setSamples(ORDERS, samples);
      const stored = JSON.stringify(sandbox.listSamples(ORDERS));
      for (const secret of secretsOf(shapes)) expect(stored).toContain(JSON.stringify(secret).slice(1, -1));

      await command(ALICE, `transform test ${ORDERS}`);
      await command(ALICE, `sample list ${ORDERS}`);
      await command(ALICE, `sample show ${ORDERS} 1`);

      const places = await everywhere();
      // The flattened fields are shown, masked (the pipeline writes the mask as Python's `\u2022` escapes).
      const shown = `${places.slackResponseUrls}${places.slackAcks}`.replace(/\\+u2022/g, '•');
      expect(shown).toMatch(/\+ a_dictionary_[\w.-]+: [^\n]*••••••/);
      expectAbsent(places, secretsOf(shapes));
    },
  );

  it('masks the API key and the credentials a failing pipeline echoes back, on the card, in the audit and the logs', async () => {
    const shapes = CREDENTIAL_SHAPES.slice(0, 3);
    await storeShapes(shapes);
    const echo = [
      `key ${API_KEY}`,
      `query api_key=${encodeURIComponent(API_KEY)}`,
      `form ${new URLSearchParams({ k: API_KEY }).toString().slice(2)}`,
      `b64 ${Buffer.from(API_KEY).toString('base64')}`,
      `b64url ${Buffer.from(API_KEY).toString('base64url')}`,
      `authorization: API ${API_KEY}`,
      `config ${JSON.stringify(Object.fromEntries(shapes.map((shape) => [shape.field, shape.value])))}`,
    ].join(' | ');
    sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 400, body: { error: 'boom', echo }, times: 1 });

    await proposeAndApprove(`input pause ${INPUT}`);

    expect(sandbox.getInput(INPUT).paused).toBe(false);
    await command(ALICE, `audit ${INPUT}`);
    const places = await everywhere();
    expect(places['table change_requests']).toContain('The pipeline refused PUT');
    expect(places['table change_requests']).toContain('[redacted]');
    expect(places.audit).toContain('The pipeline refused PUT');
    expectAbsent(places, [API_KEY, ...secretsOf(shapes)]);
  });
});
