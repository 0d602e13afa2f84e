import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const repoRoot = new URL('../../', import.meta.url).pathname;

/** A fresh, empty data directory: the bot creates and migrates its embedded database there on first start. */
export async function prepareDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pipeops-console-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Environment for `npm start` with no Slack tokens: the local console. */
export function consoleEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PIPEOPS_DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
  };
  return env;
}

/**
 * Runs the real entry point as `npm start` does (the compiled `node dist/bundle/main.js`, kept fresh by
 * test/support/compiled-dist-setup.ts) as a child process and talks to it over stdio.
 */
export class ConsoleDriver {
  readonly #child: ChildProcessWithoutNullStreams;
  #output = '';
  #read = 0;
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(env: NodeJS.ProcessEnv) {
    this.#child = spawn(process.execPath, ['dist/bundle/main.js'], { cwd: repoRoot, env });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => {
      this.#output += chunk;
    });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((done) => this.#child.on('exit', (code) => done(code)));
  }

  /** Everything printed since the last call that ends with a `<user>> ` prompt. */
  async untilPrompt(timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const fresh = this.#output.slice(this.#read);
      if (/(^|\n)[a-z0-9_-]+> $/.test(fresh)) {
        this.#read = this.#output.length;
        return fresh;
      }
      if (this.#child.exitCode !== null) throw new Error(`console exited: ${this.stderr}\n${fresh}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `no prompt within ${timeoutMs} ms; output so far:\n${this.#output.slice(this.#read)}\n${this.stderr}`,
    );
  }

  /** Types a line and returns what the console printed in answer, up to its next prompt. */
  async type(line: string): Promise<string> {
    this.#child.stdin.write(`${line}\n`);
    return this.untilPrompt();
  }

  /** Closes stdin (end of input) and waits for the process to exit. */
  async end(): Promise<{ code: number | null; tail: string }> {
    this.#child.stdin.end();
    const code = await this.exited;
    return { code, tail: this.#output.slice(this.#read) };
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}

/** What `useConsoleSession` gives a suite; the accessors answer from its beforeAll on. */
export interface ConsoleSession {
  /** The running console. */
  driver(): ConsoleDriver;
  /** Its data directory: fresh and empty at start, removed after the suite. */
  dataDir(): string;
}

/**
 * For beforeAll/afterAll scope: a fresh data directory and the compiled bot started on it as the local console
 * (`consoleEnv` and `env` over it), read up to its first prompt unless `untilPrompt` is false (for a suite that reads
 * the banner itself). After all, the process is killed (if it has not quit) and the directory removed.
 */
export function useConsoleSession(options: { env?: NodeJS.ProcessEnv; untilPrompt?: boolean } = {}): ConsoleSession {
  let started: { dataDir: Awaited<ReturnType<typeof prepareDataDir>>; driver: ConsoleDriver } | undefined;
  const current = () => {
    if (!started) throw new Error('useConsoleSession: the console starts in beforeAll');
    return started;
  };

  beforeAll(async () => {
    const dataDir = await prepareDataDir();
    const driver = new ConsoleDriver({ ...consoleEnv(dataDir.dir), ...options.env });
    started = { dataDir, driver };
    if (options.untilPrompt !== false) await driver.untilPrompt(60_000);
  }, 90_000);

  afterAll(async () => {
    if (!started) return;
    started.driver.kill();
    await started.driver.exited;
    await started.dataDir.remove();
  });

  return { driver: () => current().driver, dataDir: () => current().dataDir.dir };
}
