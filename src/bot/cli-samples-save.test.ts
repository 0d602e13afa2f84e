import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxPipeline, startSandboxPipeline } from '../services/sandbox/sandbox-pipeline.js';
import { SEED_EVENT_TYPE_NAMES } from '../services/sandbox/sandbox-seed.js';
import { runCli } from './cli.js';

const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const STEPS_ORDERS = '[{"fn": "convert_all_event_fields_to_snake_case"}]';

function collect(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

/** Runs the CLI in-process with `env` and stdin `input`. */
async function pipeops(args: string[], env: Record<string, string | undefined>, input = '') {
  const stdout = collect();
  const stderr = collect();
  const status = await runCli(args, {
    stdin: Readable.from([input]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env,
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

let sandbox: SandboxPipeline;
let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandboxPipeline({ apiKey: 'cli-key', accountName: 'acme' });
  work = mkdtempSync(join(tmpdir(), 'pipeops-samples-save-'));
  env = { PIPELINE_URL: sandbox.url, PIPELINE_API_KEY: 'cli-key', PIPELINE_ACCOUNT: 'acme', PIPELINE_RETRIES: '0' };
});

afterAll(async () => {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
});

describe('pipeops samples save', () => {
  it('writes event_<name>.json as JSON lines, exactly as the pipeline has them, and transform run replays it', async () => {
    const dir = join(work, 'one');
    const saved = await pipeops(['samples', 'save', ORDERS, '--dir', dir], env);
    expect(saved).toMatchObject({ status: 0, stderr: '' });
    const path = join(dir, 'event_public_orders.json');
    expect(saved.stdout).toBe(`${path}\t3 samples\t${ORDERS}\n`);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toEqual(sandbox.listSamples(ORDERS));

    const steps = join(work, 'steps.json');
    writeFileSync(steps, STEPS_ORDERS);
    const run = await pipeops(['transform', 'run', '--steps', steps], {}, readFileSync(path, 'utf8'));
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toContain('"my_field": "stuff"');
  });

  it('--all saves every event type that has samples, names made safe for files', async () => {
    const dir = join(work, 'all');
    const saved = await pipeops(['samples', 'save', '--all', '--dir', dir], env);
    expect(saved.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'event_mixpanel_engage_one.json',
      'event_public_orders.json',
      'event_public_users.json',
      'event_source_two_table_one.json',
      'event_storefront_checkout_completed.json',
    ]);
    expect(readFileSync(join(dir, 'event_storefront_checkout_completed.json'), 'utf8')).toContain('"amount": 25.0');
  });

  it('an unknown event type exits 1 with a clear message; bad usage exits 2', async () => {
    const unknown = await pipeops(['samples', 'save', 'PUBLIC.ORDER', '--dir', join(work, 'x')], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("No event type named 'PUBLIC.ORDER'. Did you mean 'PUBLIC.ORDERS'?");
    expect((await pipeops(['samples', 'save'], env)).status).toBe(2);
    expect((await pipeops(['samples', 'save', ORDERS, '--all'], env)).stderr).toContain('give one event type or --all');
    const badConfig = await pipeops(['samples', 'save', ORDERS], { PIPELINE_URL: sandbox.url });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toContain('PIPELINE_API_KEY: required when PIPELINE_URL is set');
  });

  it('without PIPELINE_URL it reads the embedded sandbox kept under PIPEOPS_DATA_DIR', async () => {
    const dataDir = join(work, 'data');
    const dir = join(work, 'from-sandbox');
    const saved = await pipeops(['samples', 'save', ORDERS, '--dir', dir], { PIPEOPS_DATA_DIR: dataDir });
    expect(saved.status).toBe(0);
    expect(readdirSync(dataDir)).toContain('sandbox-pipeline.json');
    expect(readFileSync(join(dir, 'event_public_orders.json'), 'utf8').split('\n')).toHaveLength(4);
  });
});
