import type { AuditEntry } from '../../services/audit/audit-log.js';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import { auditSentence } from './audit-blocks.js';
import { previewText, requestHeading } from './change-request-blocks.js';
import { diffSections } from './diff-sections.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { codeBlock, inlineCode, literalMrkdwn, mention, slackDate, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });

function approvalsText(request: ChangeRequest): string {
  const who = request.approvals.map((approval) => `${mention(approval.userId)} ${slackDate(approval.at)}`).join('\n');
  return `${request.approvals.length} of ${request.approvalsRequired}${who ? `\n${who}` : ''}`;
}

/** When and by whom it was decided, or until when it waits. */
function decisionText(request: ChangeRequest): string {
  if (request.status === 'pending') return `waiting; expires ${slackDate(request.expiresAt)}`;
  const by = request.decidedBy ? mention(request.decidedBy) : 'nobody';
  return `${by}${request.decidedAt ? ` ${slackDate(request.decidedAt)}` : ''}`;
}

/**
 * `/pipeline request #id`: one change request whole: status, who asked and decided, approvals, why it ended as it
 * did, its history (the audit entries, oldest first), the kind's preview and the full diff (as much as a message
 * holds; the card shows an excerpt).
 */
export function buildRequestMessage(request: ChangeRequest, history: readonly AuditEntry[]): SlackMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: requestHeading(request) },
    },
    {
      type: 'section',
      fields: [
        field('Status', literalMrkdwn(request.status, 40)),
        field('Kind', inlineCode(request.kind, 80)),
        field('Requested by', `${mention(request.requestedBy)} ${slackDate(request.requestedAt)}`),
        field(
          'Resource',
          `${literalMrkdwn(request.resource.type.replace(/_/g, ' '), 100)} ${inlineCode(request.resource.label)}`,
        ),
        field('Approvals', approvalsText(request)),
        field('Decided', decisionText(request)),
      ],
    },
  ];
  const notes = [
    request.error ? `*${request.status === 'rejected' ? 'Reason' : 'Why'}:* ${literalMrkdwn(request.error, 1500)}` : '',
    request.replannedFrom !== null ? `Re-planned from #${request.replannedFrom}.` : '',
    request.supersededBy !== null ? `Superseded by #${request.supersededBy}.` : '',
    request.alsoPending.length > 0
      ? `Also pending on this resource: ${request.alsoPending.map((id) => `#${id}`).join(', ')}.`
      : '',
  ].filter((note) => note !== '');
  if (notes.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncateMrkdwn(notes.join('\n'), LIMITS.sectionText) },
    });
  }
  if (history.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '*Timeline*' } });
    const timeline = linesToSections(history.map((entry) => `${slackDate(entry.at)} ${auditSentence(entry)}`));
    // The diff below needs room too: the oldest entries (the proposal) and the newest matter most.
    blocks.push(...(timeline.length > 10 ? [...timeline.slice(0, 5), ...timeline.slice(-5)] : timeline));
  }
  if (request.preview) {
    const heading = `*${literalMrkdwn(request.preview.title, 200)}*\n`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${heading}${codeBlock(previewText(request.preview), LIMITS.sectionText - heading.length - 10).text}`,
      },
    });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '*Diff*' } });
  blocks.push(...diffSections(request.diff, LIMITS.blocksPerMessage - blocks.length));
  return {
    text: `Change request #${request.id}: ${literalMrkdwn(request.title, 500)} (${request.status})`,
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
