import { LIMITS } from './limits.js';
import { truncateMrkdwn } from './mrkdwn.js';
import type { SectionBlock } from './slack-types.js';

/**
 * Packs lines of mrkdwn into as few section blocks as fit Block Kit's 3000 characters each, never splitting a
 * line across sections (a single line longer than a section is cut, never inside a code span). Used for every list-shaped reply.
 */
export function linesToSections(lines: readonly string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let chunk = '';
  for (const raw of lines) {
    const line = truncateMrkdwn(raw, LIMITS.sectionText);
    if (chunk !== '' && chunk.length + line.length + 1 > LIMITS.sectionText) {
      sections.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk === '' ? line : `${chunk}\n${line}`;
  }
  if (chunk !== '') sections.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return sections;
}
