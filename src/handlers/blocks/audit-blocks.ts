import type { AuditEntry } from '../../services/audit/audit-log.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { fitPlainText, inlineCode, literalMrkdwn, mention, slackDate } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

function entryLine(entry: AuditEntry): string {
  const change = entry.changeId === null ? '' : ` #${entry.changeId}`;
  const resource = entry.resource ? ` ${inlineCode(entry.resource.label, 60)}` : '';
  const detail = entry.detail ? ` — ${literalMrkdwn(entry.detail, 200)}` : '';
  return `${slackDate(entry.at)} ${mention(entry.actor)} *${literalMrkdwn(entry.action, 40)}*${change}${resource}: ${literalMrkdwn(
    entry.summary,
    150,
  )} → ${literalMrkdwn(entry.outcome, 100)}${detail}`;
}

/** Recent audit entries, newest first, split over as many sections as the 3000-character limit needs. */
export function buildAuditMessage(entries: readonly AuditEntry[], filter: string | undefined): SlackMessage {
  if (entries.length === 0) {
    const text = filter ? `No audit entries for ${inlineCode(filter, 200)}.` : 'The audit log is empty.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: fitPlainText(filter ? `Audit log for ${filter}` : 'Audit log', LIMITS.headerText),
      },
    },
  ];
  blocks.push(...linesToSections(entries.map(entryLine)));
  const title = filter ? `Audit log for ${literalMrkdwn(filter, 200)}` : 'Audit log';
  return { text: `${title}: ${entries.length} entries`, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
