import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';

const repoRoot = new URL('../../', import.meta.url).pathname;

/**
 * A pseudo-terminal for the console, from util-linux's `script` (in Debian's essential bsdutils, so on every
 * Debian machine and CI image): the bot sees a TTY on stdin and stdout, as with a person at a terminal, and this
 * side types keys (arrows, Tab, Enter as `\r`) into it. Null when `script` cannot run here.
 */
export function ptyUnavailable(): string | null {
  const probe = spawnSync('script', ['-qfec', 'test -t 0 && test -t 1', '/dev/null'], { timeout: 10_000 });
  if (probe.error) return `util-linux script is not available: ${probe.error.message}`;
  return probe.status === 0 ? null : `script gave no terminal (exit ${probe.status})`;
}

/** Terminal output with its control sequences (colours, cursor moves, line clears) removed. */
export function plainText(raw: string): string {
  return (
    raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
      .replace(/\u001b[()][A-Z0-9]/g, '')
      .replace(/\r/g, '')
  );
}

export const KEYS = { up: '\u001b[A', down: '\u001b[B', tab: '\t', enter: '\r', ctrlC: '\u0003' } as const;

/** The real entry point (compiled dist, as `npm start` runs it) on a pseudo-terminal. */
export class ConsolePtyDriver {
  readonly #child: ChildProcessWithoutNullStreams;
  #output = '';
  #read = 0;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.#child = spawn('script', ['-qfec', `${process.execPath} dist/bundle/main.js`, '/dev/null'], {
      cwd: repoRoot,
      env: { ...env, TERM: 'xterm' },
    });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => {
      this.#output += chunk;
    });
    this.#child.stderr.resume();
    this.exited = new Promise((done) => this.#child.on('exit', (code) => done(code)));
  }

  /** Sends keys as typed (no Enter unless given). */
  keys(text: string): void {
    this.#child.stdin.write(text);
  }

  /** Waits until the plain text printed since the last wait matches `pattern`; returns that text and moves on. */
  async until(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const fresh = plainText(this.#output.slice(this.#read));
      if (pattern.test(fresh)) {
        this.#read = this.#output.length;
        return fresh;
      }
      if (this.#child.exitCode !== null) throw new Error(`console exited:\n${fresh}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `no ${pattern} within ${timeoutMs} ms; output so far:\n${plainText(this.#output.slice(this.#read))}`,
    );
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}
