import type { AuditEntry } from '../../services/audit/audit-log.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { escapeMrkdwn, inlineCode, mention, slackDate, truncate } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

function entryLine(entry: AuditEntry): string {
  const change = entry.changeId === null ? '' : ` #${entry.changeId}`;
  const resource = entry.resource ? ` ${inlineCode(entry.resource.label, 60)}` : '';
  const detail = entry.detail ? ` — ${escapeMrkdwn(truncate(entry.detail, 200))}` : '';
  return `${slackDate(entry.at)} ${mention(entry.actor)} *${entry.action}*${change}${resource}: ${escapeMrkdwn(
    truncate(entry.summary, 150),
  )} → ${escapeMrkdwn(entry.outcome)}${detail}`;
}

/** Recent audit entries, newest first, split over as many sections as the 3000-character limit needs. */
export function buildAuditMessage(entries: readonly AuditEntry[], filter: string | undefined): SlackMessage {
  const title = filter ? `Audit log for ${filter}` : 'Audit log';
  if (entries.length === 0) {
    const text = filter ? `No audit entries for \`${escapeMrkdwn(filter)}\`.` : 'The audit log is empty.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.headerText) } },
  ];
  blocks.push(...linesToSections(entries.map(entryLine)));
  return { text: `${title}: ${entries.length} entries`, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
