import { type Completer, clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';
import { ConsoleHistory, HISTORY_SIZE } from './console-history.js';
import { setSecretTyping } from './console-secret-input.js';

export interface ConsoleLineReaderOptions {
  input: NodeJS.ReadableStream;
  output: Writable;
  /** Where the history persists (a terminal only); none = this session only. */
  historyFile?: string;
  /** Made only on a terminal (it may start reading resource names). */
  completer?: () => Completer;
}

type TtyLike = { isTTY?: boolean };

/** The terminal stream as readline sees it: the same stream, with `write` dropped while `muted()`. */
function mutable(output: Writable, muted: () => boolean): Writable {
  return new Proxy(output, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          muted() ? true : (target.write as (...args: unknown[]) => boolean).call(target, chunk, ...rest);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The console's input line and prompt. On a terminal it is readline's line editor (arrow keys, history persisted
 * in `historyFile`, tab completion, no 4 KiB line limit since the terminal is in raw mode); on piped input, plain
 * lines. Output printed while a prompt waits (an alert, a thread reply) goes above it, and the prompt is drawn
 * again with what was typed so far.
 */
export class ConsoleLineReader {
  readonly terminal: boolean;
  readonly #rl: Interface;
  readonly #input: NodeJS.ReadableStream;
  readonly #output: Writable;
  readonly #history: ConsoleHistory | null;
  #prompt = '';
  #secret = false;
  /** A prompt is on screen and its line has not arrived yet. */
  #waiting = false;
  #interrupt: (() => void) | null = null;
  /** Taken at once: lines typed before the session reads them must not be lost. */
  readonly #typed: AsyncIterator<string>;

  constructor(options: ConsoleLineReaderOptions) {
    this.#input = options.input;
    this.#output = options.output;
    this.terminal = (options.input as TtyLike).isTTY === true && (options.output as TtyLike).isTTY === true;
    this.#history = this.terminal && options.historyFile ? new ConsoleHistory(options.historyFile) : null;
    this.#rl = this.terminal
      ? createInterface({
          input: options.input,
          // readline echoes through this; while a secret is typed it echoes nothing.
          output: mutable(options.output, () => this.#secret && this.#waiting),
          terminal: true,
          history: this.#history?.load() ?? [],
          historySize: HISTORY_SIZE,
          removeHistoryDuplicates: true,
          ...(options.completer ? { completer: options.completer() } : {}),
        })
      : createInterface({ input: options.input, terminal: false });
    this.#typed = this.#rl[Symbol.asyncIterator]();
    if (this.terminal) {
      this.#rl.on('history', (history: string[]) => {
        // readline adds the line before handing it over: a secret's value must not stay there, nor reach the file.
        if (this.#secret) history.shift();
        this.#history?.save(history);
      });
      // In raw mode Ctrl-C is a key, not a signal: it interrupts (closes a dialog) or ends the session.
      this.#rl.on('SIGINT', () => (this.#interrupt ? this.#interrupt() : this.close()));
    }
  }

  /** The lines typed, one per prompt, until end of input or close(). */
  async *lines(): AsyncGenerator<string> {
    while (true) {
      const next = await this.#typed.next();
      if (next.done) return;
      this.#taken();
      yield next.value;
    }
  }

  /** The line answering the prompt shown was taken: the prompt is gone. */
  #taken(): void {
    if (!this.#waiting) return;
    // The Enter of a secret was not echoed either: end its line here.
    if (this.terminal && this.#secret) this.#output.write('\n');
    // Off readline's editor, echo was turned off for the secret by raw mode: back on (console-secret-input.ts).
    if (!this.terminal && this.#secret) setSecretTyping(this.#input, false);
    this.#waiting = false;
  }

  /** What Ctrl-C does on a terminal; without it, Ctrl-C ends the session. */
  onInterrupt(handler: (() => void) | null): void {
    this.#interrupt = handler;
  }

  /** Shows `text` and waits for a line; with `secret`, what is typed is not echoed (nor kept in the history). */
  prompt(text: string, secret = false): void {
    this.#prompt = text;
    this.#secret = secret;
    this.#waiting = true;
    if (this.terminal) {
      this.#rl.setPrompt(text);
      // readline's own output is muted for a secret: the prompt is written here instead.
      if (secret) this.#output.write(text);
      this.#rl.prompt();
      return;
    }
    setSecretTyping(this.#input, secret);
    this.#output.write(text);
  }

  /** Prints `text` (ending with a newline); while a prompt waits, above it, then the prompt again. */
  print(text: string): void {
    if (!this.#waiting) {
      this.#output.write(text);
      return;
    }
    if (this.terminal) {
      clearLine(this.#output, 0);
      cursorTo(this.#output, 0);
      this.#output.write(text);
      // Redraws the prompt and the line typed so far (unless it is a secret: then only the prompt).
      if (this.#secret) this.#output.write(this.#prompt);
      else this.#rl.prompt(true);
      return;
    }
    this.#output.write(`\n${text}${this.#prompt}`);
  }

  close(): void {
    this.#waiting = false;
    this.#rl.close();
  }
}
