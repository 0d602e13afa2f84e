import type { ChangePreview } from '../../services/changes/change-kind.js';
import type { ChangeRequest, ChangeStatus } from '../../services/changes/change-request.js';
import { diffJson, type JsonChange } from '../../services/changes/json-changes.js';
import { LIMITS } from './limits.js';
import { codeBlock, escapeMrkdwn, inlineCode, mention, slackDate, truncate } from './mrkdwn.js';
import type { Button, KnownBlock, SlackMessage } from './slack-types.js';

/** action_ids of the card's buttons; the value of each is the change request id. */
export const changeActions = {
  approve: 'change_approve',
  reject: 'change_reject',
  cancel: 'change_cancel',
  replan: 'change_replan',
} as const;

const statusLine: Record<ChangeStatus, string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  approved: ':arrows_counterclockwise: Approved, applying…',
  applying: ':arrows_counterclockwise: Applying…',
  applied: ':white_check_mark: Applied',
  failed: ':x: Failed',
  stale: ':warning: Not applied: plan is stale',
  rejected: ':no_entry_sign: Rejected',
  cancelled: ':leftwards_arrow_with_hook: Cancelled',
  expired: ':hourglass: Expired',
};

const maxChangeLines = 15;

function describeValue(value: unknown): string {
  return inlineCode(JSON.stringify(value ?? null), 60);
}

function changeLine(change: JsonChange): string {
  const path = inlineCode(change.path, 80);
  if (change.kind === 'added') return `• ${path} added: ${describeValue(change.after)}`;
  if (change.kind === 'removed') return `• ${path} removed (was ${describeValue(change.before)})`;
  return `• ${path}: ${describeValue(change.before)} → *${describeValue(change.after)}*`;
}

/** The preview's items, each label followed by its lines indented. */
const previewItems = (preview: ChangePreview): string[] =>
  preview.items.flatMap((item) => [item.label, ...item.lines.map((line) => `  ${line}`)]);

/** A change's preview as plain text: the title and summary, then each item and its lines. */
export function previewText(preview: ChangePreview): string {
  return [`${preview.title}: ${preview.summary}`, ...previewItems(preview)].join('\n');
}

const previewNote = '\n_Shortened to fit; the full preview is in the thread._';

/** The preview's section: heading and summary, the items in a code block cut on a line to fit. */
function previewSection(preview: ChangePreview, blockId: string): { block: KnownBlock; truncated: boolean } {
  const heading = truncate(`*${escapeMrkdwn(preview.title)}*: ${escapeMrkdwn(preview.summary)}`, 600);
  const items = previewItems(preview).join('\n');
  const body =
    items === ''
      ? { text: '', truncated: false }
      : codeBlock(items, LIMITS.sectionText - heading.length - previewNote.length - 1);
  const text = `${heading}${body.text ? `\n${body.text}` : ''}${body.truncated ? previewNote : ''}`;
  return { block: { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } }, truncated: body.truncated };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  if (value.length > LIMITS.buttonValue || actionId.length > LIMITS.actionId) {
    throw new Error(`button ${actionId} exceeds Block Kit limits`);
  }
  return {
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function outcomeText(request: ChangeRequest): string | null {
  const by = request.decidedBy ? mention(request.decidedBy) : 'someone';
  const when = request.decidedAt ? slackDate(request.decidedAt) : '';
  const error = request.error ? `\n${escapeMrkdwn(truncate(request.error, 1500))}` : '';
  switch (request.status) {
    case 'pending':
      return null;
    case 'approved':
    case 'applying':
      return `Approved by ${by} ${when}. Applying to the pipeline…`;
    case 'applied':
      return `*Applied.* Approved by ${by} ${when}; the pipeline was read back and shows the change.`;
    case 'failed':
      return `*Failed.* Approved by ${by} ${when}.${error}`;
    case 'stale':
      return `*Not applied.* Approved by ${by} ${when}, but the plan is stale.${error}\nRe-plan to review a fresh diff.`;
    case 'rejected':
      return `*Rejected* by ${by} ${when}. Nothing was changed.`;
    case 'cancelled':
      return `*Cancelled* by ${by} ${when}. Nothing was changed.`;
    case 'expired':
      return `*Expired* ${request.decidedAt ? slackDate(request.decidedAt) : ''} without approval. Nothing was changed.`;
  }
}

/**
 * The change request card: what, who, the changed keys, a diff excerpt, the kind's preview (if any), and the
 * buttons that fit its state. `diffTruncated` / `previewTruncated` tell the caller to upload the full text to
 * the card's thread.
 */
export function buildChangeRequestMessage(
  request: ChangeRequest,
): SlackMessage & { diffTruncated: boolean; previewTruncated: boolean } {
  const id = `cr${request.id}-${request.status}`;
  const changes = diffJson(request.before, request.after);
  const shown = changes.slice(0, maxChangeLines).map(changeLine);
  if (changes.length > maxChangeLines) shown.push(`… and ${changes.length - maxChangeLines} more`);
  const diffStats = request.diff.split('\n').reduce(
    (acc, line) => {
      if (line.startsWith('+') && !line.startsWith('+++')) acc.added++;
      else if (line.startsWith('-') && !line.startsWith('---')) acc.removed++;
      return acc;
    },
    { added: 0, removed: 0 },
  );
  const diffHeading = `*Diff* (+${diffStats.added} −${diffStats.removed})\n`;
  const excerpt = codeBlock(request.diff, LIMITS.sectionText - diffHeading.length - 60);

  const blocks: KnownBlock[] = [
    {
      type: 'header',
      block_id: `${id}-header`,
      text: { type: 'plain_text', text: truncate(`#${request.id} ${request.title}`, LIMITS.headerText) },
    },
    {
      type: 'section',
      block_id: `${id}-facts`,
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${statusLine[request.status]}` },
        { type: 'mrkdwn', text: `*Requested by*\n${mention(request.requestedBy)}` },
        {
          type: 'mrkdwn',
          text: `*Resource*\n${escapeMrkdwn(request.resource.type.replace('_', ' '))} ${inlineCode(request.resource.label)}`,
        },
        {
          type: 'mrkdwn',
          text: `*${request.status === 'pending' ? 'Expires' : 'Requested'}*\n${slackDate(
            request.status === 'pending' ? request.expiresAt : request.requestedAt,
          )}`,
        },
      ],
    },
    {
      type: 'section',
      block_id: `${id}-changes`,
      text: { type: 'mrkdwn', text: truncate(`*What changes*\n${shown.join('\n')}`, LIMITS.sectionText) },
    },
    {
      type: 'section',
      block_id: `${id}-diff`,
      text: {
        type: 'mrkdwn',
        text: `${diffHeading}${excerpt.text}${excerpt.truncated ? '\n_The full diff is in the thread._' : ''}`,
      },
    },
  ];
  const preview = request.preview ? previewSection(request.preview, `${id}-preview`) : null;
  if (preview) blocks.push(preview.block);

  const outcome = outcomeText(request);
  if (outcome) {
    blocks.push({ type: 'section', block_id: `${id}-outcome`, text: { type: 'mrkdwn', text: outcome } });
  }
  const value = String(request.id);
  if (request.status === 'pending') {
    blocks.push(
      {
        type: 'actions',
        block_id: `${id}-actions`,
        elements: [
          {
            ...button('Approve', changeActions.approve, value, 'primary'),
            confirm: {
              title: { type: 'plain_text', text: 'Apply this change?' },
              text: { type: 'plain_text', text: truncate(`${request.title}. This writes to the pipeline.`, 300) },
              confirm: { type: 'plain_text', text: 'Approve and apply' },
              deny: { type: 'plain_text', text: 'Back' },
            },
          },
          button('Reject', changeActions.reject, value, 'danger'),
          button('Cancel', changeActions.cancel, value),
        ],
      },
      {
        type: 'context',
        block_id: `${id}-hint`,
        elements: [
          {
            type: 'mrkdwn',
            text: `Dry run: nothing has changed yet. Someone other than ${mention(request.requestedBy)} must approve; the requester can cancel.`,
          },
        ],
      },
    );
  } else if (request.status === 'stale' || request.status === 'expired' || request.status === 'failed') {
    blocks.push({
      type: 'actions',
      block_id: `${id}-actions`,
      elements: [button('Re-plan', changeActions.replan, value)],
    });
  }
  if (request.replannedFrom !== null) {
    blocks.push({
      type: 'context',
      block_id: `${id}-origin`,
      elements: [{ type: 'mrkdwn', text: `Re-planned from #${request.replannedFrom}.` }],
    });
  }
  const text = truncate(`Change request #${request.id}: ${request.title} (${request.status})`, LIMITS.messageText);
  return { text, blocks, diffTruncated: excerpt.truncated, previewTruncated: preview?.truncated ?? false };
}

/** A short thread reply announcing how a request ended, so that the requester is notified. */
export function buildOutcomeReply(request: ChangeRequest): string | null {
  const who = mention(request.requestedBy);
  const by = request.decidedBy ? mention(request.decidedBy) : 'someone';
  switch (request.status) {
    case 'applied':
      return `${who} #${request.id} was applied (approved by ${by}).`;
    case 'failed':
      return `${who} #${request.id} failed: ${escapeMrkdwn(truncate(request.error ?? 'unknown error', 500))}`;
    case 'stale':
      return `${who} #${request.id} was not applied: the plan is stale. ${escapeMrkdwn(truncate(request.error ?? '', 500))}`;
    case 'rejected':
      return `${who} #${request.id} was rejected by ${by}.`;
    case 'expired':
      return `${who} #${request.id} expired without approval.`;
    default:
      return null;
  }
}
