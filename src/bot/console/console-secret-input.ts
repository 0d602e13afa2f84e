/**
 * Reading a sealed dialog input (a secret's value) on the console without echo. When the console's input is a
 * terminal it is put in raw mode while the value is typed, so the terminal does not echo it; the line then arrives
 * as typed keys, so erase keys are applied here and Ctrl-C means "cancel". Off a terminal (piped input, tests)
 * nothing is echoed anyway. The value is never printed back.
 */

interface RawModeStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/** Turns the terminal's echo off (true) or back on; a no-op when the input is not a terminal. */
export function setSecretTyping(input: NodeJS.ReadableStream, typing: boolean): void {
  const tty = input as NodeJS.ReadableStream & RawModeStream;
  if (tty.isTTY && typeof tty.setRawMode === 'function') tty.setRawMode(typing);
}

/** What was typed, with backspace/delete applied; null when Ctrl-C or Ctrl-D was pressed. */
export function typedSecretLine(raw: string): string | null {
  let value = '';
  for (const char of raw) {
    if (char === '\u0003' || char === '\u0004') return null;
    if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
    else if (char !== '\r' && char !== '\n') value += char;
  }
  return value;
}
