import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Lines kept, newest last in the file (readline keeps them newest first). */
export const HISTORY_SIZE = 1000;

/**
 * The console's line history, kept in a file under the data directory so that the arrow keys recall lines typed in
 * earlier sessions. Never holds a sealed input's value (the reader leaves those out); private to its owner (0600).
 */
export class ConsoleHistory {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  /** Newest first, as readline's `history` option wants it; empty when there is no file yet or it is unreadable. */
  load(): string[] {
    try {
      return readFileSync(this.#file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .reverse()
        .slice(0, HISTORY_SIZE);
    } catch {
      return [];
    }
  }

  /** Rewrites the file from readline's history (newest first). A failure costs only the history. */
  save(newestFirst: readonly string[]): void {
    try {
      mkdirSync(dirname(this.#file), { recursive: true });
      const lines = newestFirst.slice(0, HISTORY_SIZE).reverse();
      writeFileSync(this.#file, lines.length > 0 ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
    } catch {
      // Read-only data directory: the session works, only without history across sessions.
    }
  }
}
