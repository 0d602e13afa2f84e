import type { ChangePreview } from '../../services/changes/change-kind.js';
import type { ChangeRequest, ChangeStatus } from '../../services/changes/change-request.js';
import { diffJson, type JsonChange } from '../../services/changes/json-changes.js';
import { revertibility, revertOrigin } from '../../services/changes/revert-plan.js';
import { LIMITS } from './limits.js';
import { codeBlock, fitPlainText, inlineCode, literalMrkdwn, mention, slackDate, truncateMrkdwn } from './mrkdwn.js';
import type { Button, KnownBlock, SlackMessage } from './slack-types.js';

/** action_ids of the card's buttons; the value of each is the change request id. */
export const changeActions = {
  approve: 'change_approve',
  reject: 'change_reject',
  cancel: 'change_cancel',
  replan: 'change_replan',
  recheck: 'change_recheck',
  revert: 'change_revert',
} as const;

const statusLine: Record<ChangeStatus, string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  approved: ':arrows_counterclockwise: Approved, applying…',
  applying: ':arrows_counterclockwise: Applying…',
  unknown: ':grey_question: Outcome unknown: checking the pipeline',
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
  const heading = truncateMrkdwn(`*${literalMrkdwn(preview.title, 200)}*: ${literalMrkdwn(preview.summary, 600)}`, 600);
  const items = previewItems(preview).join('\n');
  const body =
    items === ''
      ? { text: '', truncated: false }
      : codeBlock(items, LIMITS.sectionText - heading.length - previewNote.length - 1);
  const text = `${heading}${body.text ? `\n${body.text}` : ''}${body.truncated ? previewNote : ''}`;
  return { block: { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text } }, truncated: body.truncated };
}

/** A Block Kit button within Slack's limits (also used by the drift messages). */
export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  if (value.length > LIMITS.buttonValue || actionId.length > LIMITS.actionId) {
    throw new Error(`button ${actionId} exceeds Block Kit limits`);
  }
  return {
    type: 'button',
    text: { type: 'plain_text', text: fitPlainText(text, LIMITS.buttonText) },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function outcomeText(request: ChangeRequest): string | null {
  const by = request.decidedBy ? mention(request.decidedBy) : 'someone';
  const when = request.decidedAt ? slackDate(request.decidedAt) : '';
  const error = request.error ? `\n${literalMrkdwn(request.error, 1500)}` : '';
  switch (request.status) {
    case 'pending':
      return null;
    case 'approved':
    case 'applying':
      return `Approved by ${by} ${when}. Applying to the pipeline…`;
    case 'unknown':
      return `*Outcome unknown.* Approved by ${by} ${when}. The pipeline did not confirm the write, so pipeops reads it back to find out; it never reports a failure while the pipeline holds the change.${error}`;
    case 'applied':
      return `*Applied.* Approved by ${by} ${when}; the pipeline was read back and shows the change.`;
    case 'failed':
      return `*Failed.* Approved by ${by} ${when}.${error}`;
    case 'stale':
      return `*Not applied.* Approved by ${by} ${when}, but the plan is stale.${error}\nRe-plan to review a fresh diff.`;
    case 'rejected':
      return `*Rejected* by ${by} ${when}. Nothing was changed.${request.error ? `\n*Reason:* ${literalMrkdwn(request.error, 1500)}` : ''}`;
    case 'cancelled':
      return `*Cancelled* by ${by} ${when}. Nothing was changed.`;
    case 'expired':
      return `*Expired* ${request.decidedAt ? slackDate(request.decidedAt) : ''} without approval. Nothing was changed.`;
  }
}

/** The request's header text: number, a destructive warning, title (plain text, cut to fit). */
export function requestHeading(request: ChangeRequest): string {
  return fitPlainText(
    `#${request.id} ${request.destructive ? '⚠ DESTRUCTIVE: ' : ''}${request.title}`,
    LIMITS.headerText,
  );
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
  // Computed once at proposal; requests stored before that (no summary) are diffed here.
  const summary =
    request.changes.total > 0 ? request.changes : { shown: diffJson(request.before, request.after), total: -1 };
  const total = summary.total === -1 ? summary.shown.length : summary.total;
  const shown = summary.shown.slice(0, maxChangeLines).map(changeLine);
  if (total > maxChangeLines) shown.push(`… and ${total - maxChangeLines} more`);
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
      text: {
        type: 'plain_text',
        text: requestHeading(request),
      },
    },
    {
      type: 'section',
      block_id: `${id}-facts`,
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${statusLine[request.status]}` },
        { type: 'mrkdwn', text: `*Requested by*\n${mention(request.requestedBy)}` },
        {
          type: 'mrkdwn',
          text: `*Resource*\n${literalMrkdwn(request.resource.type.replace('_', ' '), 100)} ${inlineCode(request.resource.label)}`,
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
      text: { type: 'mrkdwn', text: truncateMrkdwn(`*What changes*\n${shown.join('\n')}`, LIMITS.sectionText) },
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
  const reverting = revertText(request);
  if (reverting) {
    blocks.push({ type: 'section', block_id: `${id}-reverts`, text: { type: 'mrkdwn', text: reverting } });
  }

  const outcome = outcomeText(request);
  if (outcome) {
    blocks.push({ type: 'section', block_id: `${id}-outcome`, text: { type: 'mrkdwn', text: outcome } });
  }
  const notes = cardNotes(request);
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      block_id: `${id}-notes`,
      elements: [{ type: 'mrkdwn', text: notes.join('\n') }],
    });
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
              text: { type: 'plain_text', text: fitPlainText(`${request.title}. This writes to the pipeline.`, 300) },
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
            text:
              request.approvalsRequired > 1
                ? `Dry run: nothing has changed yet. ${request.approvalsRequired} different people other than ${mention(request.requestedBy)} must approve; the requester can cancel.`
                : `Dry run: nothing has changed yet. Someone other than ${mention(request.requestedBy)} must approve; the requester can cancel.`,
          },
        ],
      },
    );
  } else if (request.status === 'unknown') {
    blocks.push({
      type: 'actions',
      block_id: `${id}-actions`,
      elements: [button('Re-check', changeActions.recheck, value)],
    });
  } else if (request.status === 'applied') {
    const revert = revertibility(request);
    blocks.push(
      revert.revertible
        ? { type: 'actions', block_id: `${id}-actions`, elements: [button('Revert', changeActions.revert, value)] }
        : {
            type: 'context',
            block_id: `${id}-no-revert`,
            elements: [{ type: 'mrkdwn', text: `Cannot be reverted: ${literalMrkdwn(revert.why, 500)}` }],
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
  // The fallback `text` is mrkdwn too, and the one that notifies: a title quoting `<!channel>` must not ping anyone.
  const text = `Change request #${request.id}: ${literalMrkdwn(request.title, 500)} (${request.status})`;
  return { text, blocks, diffTruncated: excerpt.truncated, previewTruncated: preview?.truncated ?? false };
}

/** What a revert request undoes, and the warning when the resource moved on since (null for other requests). */
function revertText(request: ChangeRequest): string | null {
  const origin = revertOrigin(request);
  if (!origin) return null;
  if (origin.revertOf === null) {
    return '*Reverts a change made outside pipeops*: writes back the last state pipeops knew. Credentials stay as they are in the pipeline.';
  }
  const undone = `#${origin.revertOf}`;
  if (origin.movedSince.length === 0) {
    return `*Reverts ${undone}*: writes back the state from before it. Credentials stay as they are in the pipeline.`;
  }
  const paths = origin.movedSince.slice(0, 8).map((path) => inlineCode(path, 80));
  const more = origin.movedSince.length > 8 ? `, … (${origin.movedSince.length} in all)` : '';
  return truncateMrkdwn(
    `:warning: *Not a pure undo.* Since ${undone} was applied, ${paths.join(', ')}${more} changed too. This writes back the state from before ${undone}, so it undoes those changes as well: the diff shows everything it undoes. Credentials stay as they are in the pipeline.`,
    LIMITS.sectionText,
  );
}

/** Approvals so far, the other requests on the resource, and what made this one stale. */
function cardNotes(request: ChangeRequest): string[] {
  const notes: string[] = [];
  if (request.approvalsRequired > 1) {
    const who = request.approvals.map((approval) => mention(approval.userId)).join(', ');
    notes.push(
      `${request.approvals.length} of ${request.approvalsRequired} approvals${who ? ` (${who})` : ''}${
        request.destructive ? ': this change is destructive' : ''
      }.`,
    );
  }
  if (request.status === 'pending' && request.alsoPending.length > 0) {
    const others = request.alsoPending.map((other) => `#${other}`).join(', ');
    notes.push(`${others} also ${request.alsoPending.length === 1 ? 'changes' : 'change'} this resource.`);
  }
  if (request.supersededBy !== null) notes.push(`Superseded by #${request.supersededBy}.`);
  else if (request.status === 'stale' && request.changedBy !== null) notes.push(`Changed by #${request.changedBy}.`);
  return notes;
}

/** A short thread reply announcing how a request ended, so that the requester is notified. */
export function buildOutcomeReply(request: ChangeRequest): string | null {
  const who = mention(request.requestedBy);
  const by = request.decidedBy ? mention(request.decidedBy) : 'someone';
  switch (request.status) {
    case 'applied':
      return `${who} #${request.id} was applied (approved by ${by}).`;
    case 'failed':
      return `${who} #${request.id} failed: ${literalMrkdwn(request.error ?? 'unknown error', 500)}`;
    case 'stale':
      return `${who} #${request.id} was not applied: the plan is stale. ${literalMrkdwn(request.error ?? '', 500)}`;
    case 'rejected':
      return `${who} #${request.id} was rejected by ${by}${request.error ? `: ${literalMrkdwn(request.error, 500)}` : '.'}`;
    case 'expired':
      return `${who} #${request.id} expired without approval.`;
    default:
      return null;
  }
}
