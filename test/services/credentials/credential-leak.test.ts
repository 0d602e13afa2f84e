import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../../src/services/db/database.js';
import type { JsonValue } from '../../../src/services/json-value.js';
import { createHttpPipelineProvider } from '../../../src/services/pipeline/http-provider.js';
import type { PipelineProvider } from '../../../src/services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../../src/services/sandbox/sandbox-pipeline.js';
import { SEED_INPUT_IDS } from '../../../src/services/sandbox/sandbox-seed.js';
import { createServices } from '../../../src/services/services.js';
import { captureLogs } from '../../support/capture-logs.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../../support/database/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { useLoopbackOnlyNetwork } from '../../support/loopback-only-network.js';
import { FakeSlack, sendButtonClick, sendSlashCommand } from '../../support/slack-http.js';
import { startSlackHttpApp } from '../../support/slack-http-app.js';
import { noGroups } from '../../support/workflow-world.js';
import { CREDENTIAL_SHAPES, type CredentialShape, leakForms } from './credential-shapes.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const INPUT = 'storefront_webhook';
/** The pipeline API key: echoed back by a failing pipeline below, in every encoding. */
const API_KEY = 'pipeline-key/0042+leak~test';
/** Shapes per input configuration: small enough for `input show` and the card to show every field whole. */
const SHAPES_PER_RUN = 6;

const runs: CredentialShape[][] = [];
for (let i = 0; i < CREDENTIAL_SHAPES.length; i += SHAPES_PER_RUN)
  runs.push(CREDENTIAL_SHAPES.slice(i, i + SHAPES_PER_RUN));

const secretsOf = (shapes: readonly CredentialShape[]) => shapes.flatMap((shape) => shape.secrets);

describeEachBackend('credentials never leak to Slack, logs or the database (issue 7 §4)', (backend) => {
  const db = useTestDatabase(backend);
  let sandbox: SandboxPipeline;
  let pipeline: PipelineProvider;
  let slack: FakeSlack;
  let app: App;
  let url: string;
  let logText: () => string;
  /** Every acknowledgement body the app answered with (ephemeral replies can travel that way too). */
  let acks: unknown[];

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    sandbox = await startSandboxPipeline({ apiKey: API_KEY });
    pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: API_KEY, timeoutMs: 5_000, retries: 0 });
    const logs = captureLogs('debug');
    logText = logs.text;
    const services = createServices({
      db: db(),
      pipeline,
      access: { proposers: [], approvers: [] },
      directory: noGroups,
      clock: new FakeClock(),
      changeTtlMs: 60 * 60_000,
      logger: logs.logger,
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
    const body = await response.text();
    if (body) acks.push(body);
  }

  async function click(user: string, actionId: string, value: string) {
    const response = await sendButtonClick(url, { user, actionId, value });
    expect(response.status).toBe(200);
    const body = await response.text();
    if (body) acks.push(body);
  }

  /** Puts the shapes into the input's configuration with a PUT through the provider, as an admin would. */
  async function storeShapes(shapes: readonly CredentialShape[]) {
    const input = sandbox.getInput(INPUT);
    const configuration: { [key: string]: JsonValue } = { ...(input.configuration as { [key: string]: JsonValue }) };
    for (const shape of shapes) configuration[shape.field] = shape.value;
    await pipeline.updateInput({ ...input, configuration });
    // The test can only fail if the secrets really are in the pipeline's configuration.
    const stored = JSON.stringify(sandbox.getInput(INPUT).configuration);
    for (const secret of secretsOf(shapes)) expect(stored).toContain(secret);
  }

  async function proposeAndApprove() {
    await command(ALICE, `input pause ${INPUT}`);
    const [post] = slack.callsOf('chat.postMessage');
    const approve = JSON.stringify(post?.body.blocks ?? []).match(/"action_id":"change_approve"[^}]*"value":"(\d+)"/);
    const id = approve?.[1];
    if (!id) throw new Error(`no approve button on the card: ${JSON.stringify(post?.body)}`);
    await click(BOB, 'change_approve', id);
    return id;
  }

  async function everywhere(database: Database) {
    const audit = await database.query('SELECT * FROM audit_log');
    const changes = await database.query('SELECT * FROM change_requests');
    return {
      slack: JSON.stringify([slack.calls, slack.responses, acks]),
      logs: logText(),
      auditLog: JSON.stringify(audit.rows),
      changeRequests: JSON.stringify(changes.rows),
    };
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

  it.each(runs.map((shapes) => [shapes.map((shape) => shape.label).join(', '), shapes] as const))(
    'input show and an approved change mask: %s',
    async (_labels, shapes) => {
      await storeShapes(shapes);

      await command(ALICE, `input show ${INPUT}`);
      const shown = JSON.stringify([slack.responses, acks]);
      // Every shape's field is shown (masked), so none escaped the check by being cut off.
      for (const shape of shapes) expect(shown).toContain(JSON.stringify(shape.field).slice(1, -1));
      expect(shown).toContain('••••••');

      await proposeAndApprove();
      expect(sandbox.getInput(INPUT).paused).toBe(true);
      expect(slack.callsOf('chat.update').length).toBeGreaterThan(0);

      const places = await everywhere(db());
      expect(places.auditLog).toContain('approved');
      expect(places.changeRequests).toContain(SEED_INPUT_IDS.storefrontWebhook);
      expectAbsent(places, secretsOf(shapes));
    },
  );

  it('masks the API key and the credentials a failing pipeline echoes back, in the card, the audit and the logs', async () => {
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

    await proposeAndApprove();

    expect(sandbox.getInput(INPUT).paused).toBe(false);
    const places = await everywhere(db());
    expect(places.changeRequests).toContain('The pipeline refused PUT');
    expect(places.changeRequests).toContain('[redacted]');
    expectAbsent(places, [API_KEY, ...secretsOf(shapes)]);
  });
});
