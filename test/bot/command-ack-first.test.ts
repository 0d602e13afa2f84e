import { expect, it } from 'vitest';
import { PipeopsMetrics } from '../../src/bot/observability/metrics.js';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { newResponseUrl, sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

/**
 * Slash commands as production takes them over HTTP: the receiver acknowledges at once, with what the listener
 * would answer (help, usage errors), and Bolt runs the command afterwards (StrictHttpReceiver's `commandAck`).
 */

const ALICE = 'UALICE';

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describeEachBackend('slash commands acknowledged before Bolt runs them', (backend) => {
  const db = useTestDatabase(backend);
  let metrics: PipeopsMetrics;
  // A new registry for each test: the counts below are of one test's commands.
  const env = useSlackHttpWorld(db, () => {
    metrics = new PipeopsMetrics();
    return { ackCommandsEarly: true, metrics };
  });

  it('answers help in the acknowledgement itself, and nothing else is sent', async () => {
    const response = await sendSlashCommand(env().url, { user: ALICE, text: 'help' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('/pipeline help input');
    // The same answer again (serialised once, sent twice).
    const again = await sendSlashCommand(env().url, { user: ALICE, text: '' });
    expect(await again.json()).toEqual(body);
    await new Promise((done) => setTimeout(done, 100));
    expect(env().slack.responses).toEqual([]);
    expect(env().slack.calls.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
  });

  it('counts each command once: those answered in the acknowledgement (which Bolt never runs) and those run', async () => {
    await sendSlashCommand(env().url, { user: ALICE, text: '' });
    await sendSlashCommand(env().url, { user: ALICE, text: 'help input' });
    await sendSlashCommand(env().url, { user: ALICE, text: 'input frobnicate' });
    const responseUrl = newResponseUrl();
    await sendSlashCommand(env().url, { user: ALICE, text: 'input list', responseUrl });
    await until(() => env().slack.responses.find((r) => r.url === responseUrl), 'the list reply');
    await new Promise((done) => setTimeout(done, 100));
    const { values } = await metrics.slackRequests.get();
    const count = (labels: Record<string, string>) =>
      values
        .filter((sample) =>
          Object.entries({ type: 'command', ...labels }).every(
            ([k, v]) => (sample.labels as Record<string, unknown>)[k] === v,
          ),
        )
        .map((sample) => sample.value);
    expect(count({ name: 'help', outcome: 'ok' })).toEqual([1]);
    expect(count({ name: 'help [topic]', outcome: 'ok' })).toEqual([1]);
    expect(count({ name: 'unparsed', outcome: 'usage_error' })).toEqual([1]);
    expect(count({ name: 'input list [--type <type>]', outcome: 'ok' })).toEqual([1]);
  });

  it('answers a usage error in the acknowledgement, with the subcommands that were meant', async () => {
    const response = await sendSlashCommand(env().url, { user: ALICE, text: 'input frobnicate' });
    const body = (await response.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body)).toContain('input pause');
  });

  it('acknowledges a change command empty, then proposes it: the card is posted after the answer', async () => {
    const inputs = await env().world.services.inputs.list();
    const name = inputs[0]?.name;
    if (!name) throw new Error('the sandbox has no input');
    const response = await sendSlashCommand(env().url, { user: ALICE, text: `input pause ${name}` });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const card = await until(
      () => env().slack.calls.find((call) => call.method === 'chat.postMessage'),
      'the change card',
    );
    expect(JSON.stringify(card.body.blocks)).toContain('change_approve');
  });

  it('replies to a read command through its response_url once acknowledged', async () => {
    const responseUrl = newResponseUrl();
    const response = await sendSlashCommand(env().url, { user: ALICE, text: 'input list', responseUrl });
    expect(await response.text()).toBe('');
    const reply = await until(() => env().slack.responses.find((r) => r.url === responseUrl), 'the reply');
    expect(reply.body.response_type).toBe('ephemeral');
  });

  it('acknowledges a burst of commands and runs every one of them once', async () => {
    const urls = Array.from({ length: 40 }, () => newResponseUrl());
    const acks = await Promise.all(
      urls.map((responseUrl) => sendSlashCommand(env().url, { user: ALICE, text: 'input list', responseUrl })),
    );
    expect(acks.map((ack) => ack.status)).toEqual(urls.map(() => 200));
    await until(() => (env().slack.responses.length >= urls.length ? true : undefined), 'all replies');
    await new Promise((done) => setTimeout(done, 100));
    const replied = env().slack.responses.map((r) => r.url);
    expect(replied.sort()).toEqual([...urls].sort());
  });
});
