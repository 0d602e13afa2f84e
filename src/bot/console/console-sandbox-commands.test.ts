import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxPipeline, startSandboxPipeline } from '../../services/sandbox/sandbox-pipeline.js';
import { runSandboxCommand } from './console-sandbox-commands.js';

/** `sandbox fail …` as typed in the console, then requests to the sandbox over HTTP, as pipeops makes them. */
describe('console: sandbox fail', () => {
  let sandbox: SandboxPipeline;
  const said: string[] = [];
  const run = (line: string) => runSandboxCommand(sandbox, line.split(' '), (text) => said.push(text), undefined);
  const call = async (method: string, path: string, body?: unknown) =>
    (
      await fetch(`${sandbox.url}/rest/${path}`, {
        method,
        headers: { authorization: `API ${sandbox.apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).status;

  beforeEach(async () => {
    said.length = 0;
    sandbox = await startSandboxPipeline({ apiKey: 'test-key' });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('arms one failure for the next write only: reads, and the POST that only runs steps, pass', async () => {
    await run('fail 500');
    expect(said).toEqual(['(sandbox) the next write to the pipeline answers HTTP 500.']);
    const { id } = sandbox.getInput('mixpanel_engage_one');
    expect(await call('GET', 'inputs')).toBe(200);
    expect(await call('POST', 'transform/steps/run', { steps: [], events: [] })).not.toBe(500);
    expect(await call('PUT', `inputs/${id}/pause?pause=true`)).toBe(500);
    expect(await call('PUT', `inputs/${id}/pause?pause=true`)).toBe(200);
  });

  it('with --reads, fails the next n requests of any kind', async () => {
    await run('fail 503 2 --reads');
    expect(said).toEqual(['(sandbox) the next 2 requests (reads or writes) to the pipeline answer HTTP 503.']);
    expect(await call('GET', 'inputs')).toBe(503);
    expect(await call('GET', 'inputs')).toBe(503);
    expect(await call('GET', 'inputs')).toBe(200);
  });

  it('refuses a count that is not one', async () => {
    await run('fail 500 many');
    expect(said[0]).toMatch(/^Usage: sandbox/);
    expect(await call('GET', 'inputs')).toBe(200);
  });
});
