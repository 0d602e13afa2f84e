import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** A Node process with the guards installed that then rejects a promise and throws from a timer. */
const script = `
import pino from 'pino';
import { installProcessGuards } from './src/bot/process-guards.ts';
installProcessGuards(process, pino());
Promise.reject(new Error('nobody awaited me'));
setTimeout(() => { throw new TypeError("Cannot read properties of null (reading 'ssl_check')"); }, 0);
setTimeout(() => { process.stdout.write('still serving\\n'); }, 50);
`;

describe('process guards', () => {
  it('log an unhandled rejection and an uncaught exception, and the process carries on', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      timeout: 30_000,
    });
    expect(stdout).toContain('unhandled promise rejection (kept serving)');
    expect(stdout).toContain('nobody awaited me');
    expect(stdout).toContain('uncaught exception (kept serving)');
    expect(stdout).toContain("reading 'ssl_check'");
    expect(stdout.trim().split('\n').at(-1)).toBe('still serving');
  });
});
