import { LIMITS } from './limits.js';
import { codeBlock, escapeMrkdwn } from './mrkdwn.js';
import type { SectionBlock } from './slack-types.js';

/** Room for the fence and a cut note in each section. */
const CHUNK_ROOM = LIMITS.sectionText - 60;

/**
 * A whole diff as consecutive code-block sections of at most 3000 characters each, cut on line boundaries, using
 * at most `maxSections` (the rest is counted in a last line): `/pipeline request` and `audit #id` show the full diff
 * where the card shows an excerpt.
 */
export function diffSections(diff: string, maxSections: number): SectionBlock[] {
  const lines = diff.split('\n');
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    const cost = escapeMrkdwn(line).length + 1;
    if (chunk.length > 0 && size + cost > CHUNK_ROOM) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += cost;
  }
  if (chunk.length > 0) chunks.push(chunk);
  const shown = chunks.slice(0, Math.max(1, maxSections));
  const left = chunks.slice(shown.length).reduce((n, rest) => n + rest.length, 0);
  return shown.map((part, index) => {
    const body = codeBlock(part.join('\n'), LIMITS.sectionText - 40).text;
    const note = index === shown.length - 1 && left > 0 ? `\n_… ${left} more lines not shown._` : '';
    return { type: 'section', text: { type: 'mrkdwn', text: `${body}${note}` } };
  });
}
