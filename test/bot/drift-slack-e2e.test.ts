import { expect, it } from 'vitest';
import { DriftNotifier } from '../../src/handlers/drift/drift-notifier.js';
import { SEED_EVENT_TYPE_NAMES } from '../../src/services/sandbox/sandbox-seed.js';
import { createServices, type Services } from '../../src/services/services.js';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';
import { noGroups } from '../support/workflow-world.js';

/** Drift detection from Slack (issue 11): one message per drift, Accept and Revert over signed HTTP, restarts. */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ALERTS = 'C0ALERTS';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;

interface Block {
  type: string;
  text?: { text: string };
  elements?: { type: string; action_id?: string; value?: string }[];
}

const blocksOf = (body: Record<string, unknown> | undefined) => (body?.blocks ?? []) as Block[];
const textOf = (blocks: Block[]) =>
  JSON.stringify(blocks).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const buttonsOf = (blocks: Block[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id));
const buttonValue = (blocks: Block[], actionId: string) =>
  blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value ?? '';

describeEachBackend('drift detection from Slack over HTTP (signed requests, nock for Slack, sandbox)', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  /** One run of the background job of a process with these services: check the pipeline, post or update messages. */
  async function driftRun(
    services: Services = env().world.services,
    notifier = new DriftNotifier(services.drift, env().logger),
  ) {
    await services.drift.checkNow();
    await notifier.syncAll(env().app.client, ALERTS);
  }
  /** The services of another process over the same database and pipeline: after a restart, or a second replica. */
  const otherProcess = () =>
    createServices({
      db: db(),
      pipeline: env().world.pipeline,
      access: { proposers: [], approvers: [] },
      directory: noGroups,
      clock: env().world.clock,
      changeTtlMs: 60 * 60_000,
      logger: { info() {}, warn() {}, error() {} },
    });
  const driftPosts = () => {
    const { slack } = env();
    return slack.callsOf('chat.postMessage').filter((call) => String(call.body.text ?? '').startsWith('Drift'));
  };
  const lastUpdate = () => blocksOf(env().slack.callsOf('chat.update').at(-1)?.body);
  const setBatchSize = (value: number) =>
    env().world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, batch_size: value },
    }));

  it('an out-of-band edit posts one message; it is not re-posted, not even after a restart; Accept records it', async () => {
    await driftRun();
    expect(driftPosts()).toEqual([]);
    setBatchSize(1);
    await driftRun();
    expect(driftPosts()).toHaveLength(1);
    const post = driftPosts()[0];
    expect(post?.body.channel).toBe(ALERTS);
    const blocks = blocksOf(post?.body);
    expect(textOf(blocks)).toContain('Changed outside pipeops: production_database');
    expect(textOf(blocks)).toContain('unknown: not through a pipeops change request');
    expect(textOf(blocks)).toContain('+    \\"batch_size\\": 1,');
    expect(textOf(blocks)).toContain('*First seen*');
    expect(buttonsOf(blocks)).toEqual(['drift_accept', 'drift_revert']);

    await driftRun();
    const restarted = otherProcess();
    await driftRun(restarted);
    expect(driftPosts()).toHaveLength(1);

    const listed = await sendSlashCommand(env().url, { user: ALICE, text: 'drift' });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(env().slack.responses.at(-1)?.body)).toMatch(
      /1 resource changed outside pipeops.*production_database/,
    );

    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'drift_accept',
      value: buttonValue(blocks, 'drift_accept'),
    });
    expect(textOf(lastUpdate())).toContain('Accepted by <@UBOB>');
    expect(buttonsOf(lastUpdate())).toEqual([]);
    const audit = await env().world.services.audit.list({ resource: 'production_database', limit: 5 });
    expect(audit[0]).toMatchObject({ actor: BOB, action: 'drift_accepted' });
    await driftRun();
    expect(driftPosts()).toHaveLength(1);

    // A stale click on the closed drift is refused privately.
    await sendButtonClick(env().url, {
      user: ALICE,
      actionId: 'drift_accept',
      value: buttonValue(blocks, 'drift_accept'),
    });
    expect(JSON.stringify(env().slack.responses.at(-1)?.body)).toContain('is over (accepted by UBOB)');
  });

  it('two replicas checking and posting at once: still one message', async () => {
    const [one, two] = [otherProcess(), otherProcess()];
    await Promise.all([driftRun(one), driftRun(two)]);
    setBatchSize(9);
    await Promise.all([driftRun(one), driftRun(two), driftRun(one), driftRun(two)]);
    expect(driftPosts()).toHaveLength(1);
    expect(await one.drift.listDrifted()).toHaveLength(1);
  });

  it('Revert proposes the last known state back as a change card; once approved, the message says it is back', async () => {
    await driftRun();
    env().world.sandbox.setMappingMode(ORDERS, 'STRICT');
    await driftRun();
    const blocks = blocksOf(driftPosts().at(-1)?.body);
    expect(textOf(blocks)).toContain(`Changed outside pipeops: ${ORDERS}`);

    const posted = env().slack.callsOf('chat.postMessage').length;
    await sendButtonClick(env().url, {
      user: ALICE,
      actionId: 'drift_revert',
      value: buttonValue(blocks, 'drift_revert'),
    });
    const card = env().slack.callsOf('chat.postMessage').at(-1);
    expect(env().slack.callsOf('chat.postMessage')).toHaveLength(posted + 1);
    expect(card?.body.channel).not.toBe(undefined);
    const cardBlocks = blocksOf(card?.body);
    expect(textOf(cardBlocks)).toContain('Revert the change made outside pipeops');
    expect(textOf(cardBlocks)).toContain('*Reverts a change made outside pipeops*');
    expect(buttonsOf(cardBlocks)).toEqual(['change_approve', 'change_reject', 'change_cancel']);
    expect(env().world.sandbox.getEventType(ORDERS).mappingMode).toBe('STRICT');

    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'change_approve',
      value: buttonValue(cardBlocks, 'change_approve'),
    });
    expect(env().world.sandbox.getEventType(ORDERS).mappingMode).toBe('AUTO_MAP');
    await driftRun();
    expect(textOf(lastUpdate())).toContain(`Back to the known state: ${ORDERS}`);
    expect(textOf(lastUpdate())).toMatch(/The pipeline shows the known state again \(by #\d+\)/);
    expect(driftPosts()).toHaveLength(1);
  });

  it('a password-only change is drift: the message says a credential changed and offers Accept only', async () => {
    env().world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: 'first-password' },
    }));
    await driftRun();
    env().world.sandbox.updateInput('production_database', (input) => ({
      ...input,
      configuration: { ...input.configuration, password: 'second-password' },
    }));
    await driftRun();
    expect(driftPosts()).toHaveLength(1);
    const blocks = blocksOf(driftPosts()[0]?.body);
    expect(textOf(blocks)).toContain('configuration.password: credential changed (value not shown)');
    expect(buttonsOf(blocks)).toEqual(['drift_accept']);
    expect(JSON.stringify(env().slack.calls)).not.toContain('-password');
  });
});
