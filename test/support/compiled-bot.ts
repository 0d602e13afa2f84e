import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';

const repoRoot = new URL('../../', import.meta.url).pathname;

/** Whether something accepts TCP connections on loopback at `port`. */
export const accepts = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

/** Polls `probe` until it returns (or resolves to) a value. */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

export interface CompiledBot {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once `port` accepts connections; rejects if the bot exits first or takes longer than 30 s. */
  listening(port: number): Promise<void>;
  kill(): void;
}

/**
 * `node dist/bundle/main.js` (as `npm start` runs it; compiled-dist-setup keeps dist fresh) with exactly `env` plus PATH,
 * in `cwd` (a scratch directory, so that no .env of the checkout is read).
 */
export function spawnCompiledBot(env: Record<string, string>, cwd: string): CompiledBot {
  let stdout = '';
  let stderr = '';
  const child = spawn(process.execPath, [join(repoRoot, 'dist/bundle/main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async listening(port) {
      const deadline = Date.now() + 30_000;
      while (!(await accepts(port))) {
        if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`the bot did not listen within 30 s: ${stderr}`);
        await new Promise((done) => setTimeout(done, 20));
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
