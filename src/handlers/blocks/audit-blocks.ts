import type { AuditEntry } from '../../services/audit/audit-log.js';
import type { AuditPage } from '../../services/audit/audit-service.js';
import { diffSections } from './diff-sections.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { fitPlainText, inlineCode, literalMrkdwn, mention, slackDate } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** How each recorded action reads after its actor: `@bob approved #12 Pause input orders`. */
const verbs: Record<string, string> = {
  proposed: 'proposed',
  approval_recorded: 'approved (more approvals needed)',
  approved: 'approved',
  approve_refused: 'was refused approving',
  applying: 'started applying',
  applied: 'applied',
  failed: 'failed to apply',
  unknown: 'could not confirm',
  stale: 'found stale',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'expired',
  reverted: 'reverted',
};

/** One audit entry as a sentence: who did what to which request (or resource), the outcome when it adds something. */
export function auditSentence(entry: AuditEntry): string {
  const verb = verbs[entry.action] ?? entry.action.replace(/[_.]/g, ' ');
  const subject =
    entry.changeId !== null
      ? `#${entry.changeId} ${literalMrkdwn(entry.summary, 150)}`
      : `${entry.resource ? `${literalMrkdwn(entry.resource.type.replace(/_/g, ' '), 40)} ` : ''}${literalMrkdwn(entry.summary, 150)}`;
  const detail = entry.detail ? ` — ${literalMrkdwn(entry.detail, 300)}` : '';
  return `${mention(entry.actor)} ${literalMrkdwn(verb, 60)} ${subject}${detail}`;
}

const entryLine = (entry: AuditEntry) => `${slackDate(entry.at)} ${auditSentence(entry)}`;

export interface AuditView {
  page: AuditPage;
  /** What was asked for, in words (`#12`, `orders since 2d`), for the header; undefined = everything. */
  filter: string | undefined;
  /** The command that shows the next page, when there is one. */
  nextCommand: string | undefined;
  /** `audit #id`: the request's full diff, shown after its entries. */
  diff?: string | null;
}

/** A page of audit entries, newest first, as sentences; with the request's full diff for `audit #id`. */
export function buildAuditMessage(view: AuditView): SlackMessage {
  const { page, filter } = view;
  if (page.total === 0) {
    const text = filter ? `No audit entries for ${inlineCode(filter, 200)}.` : 'The audit log is empty.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const title = filter ? `Audit log for ${filter}` : 'Audit log';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(title, LIMITS.headerText) } },
  ];
  if (page.entries.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `Page ${page.page} is past the end: there are ${page.pages}.` },
    });
  }
  blocks.push(...linesToSections(page.entries.map(entryLine)));
  const paging = `Page ${page.page} of ${page.pages} · ${page.total} ${page.total === 1 ? 'entry' : 'entries'}, newest first`;
  const next = view.nextCommand ? ` · next: ${inlineCode(view.nextCommand, 300)}` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${paging}${next}` }] });
  if (view.diff) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '*Full diff*' } });
    blocks.push(...diffSections(view.diff, LIMITS.blocksPerMessage - blocks.length));
  } else if (view.diff === null) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'No diff was recorded for this request.' }] });
  }
  return {
    text: `${literalMrkdwn(title, 200)}: page ${page.page} of ${page.pages}`,
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
