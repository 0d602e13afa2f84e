import { createTwoFilesPatch } from 'diff';
import type { JsonValue } from '../json-value.js';

export interface UnifiedDiff {
  /** The patch text, without the `Index:`/`===` preamble. */
  text: string;
  added: number;
  removed: number;
}

/** Pretty JSON with keys in their original order: what a reviewer reads, and what the diff is computed over. */
export function prettyJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The text a side of a diff shows: an absent resource (null, before a create or after a delete) shows nothing. */
function sideText(value: JsonValue): string {
  return value === null ? '' : prettyJson(value);
}

/** A unified diff of two JSON documents, labelled with the resource name. */
export function unifiedJsonDiff(label: string, before: JsonValue, after: JsonValue): UnifiedDiff {
  const patch = createTwoFilesPatch(
    `${label} (before)`,
    `${label} (after)`,
    sideText(before),
    sideText(after),
    '',
    '',
    {
      context: 3,
    },
  );
  const lines = patch.split('\n').filter((line) => !line.startsWith('=====') && !line.startsWith('Index:'));
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return { text: lines.join('\n').trimEnd(), added, removed };
}
