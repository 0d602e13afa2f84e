import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the console shows of an uploaded file: a text file (a diff, samples) is printed; any other file (a PNG
 * chart) cannot be, so it is saved under `dir` and its path is printed instead.
 */
export function uploadForConsole(dir: string, fileId: string, filename: string, bytes: Uint8Array): string {
  const text = asText(bytes);
  if (text !== null) return text;
  mkdirSync(dir, { recursive: true });
  // The file id keeps names unique; the rest of the name is the one pipeops gave, made safe for a path.
  const path = join(dir, `${fileId}-${filename.replace(/[^\w.-]+/g, '_') || 'file'}`);
  writeFileSync(path, bytes);
  return `(${bytes.length.toLocaleString('en-US')} bytes, saved to ${path})`;
}

/** The bytes as UTF-8 text, or null when they are not text (invalid UTF-8, or control bytes a terminal would obey). */
function asText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly those
  return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? null : text;
}
