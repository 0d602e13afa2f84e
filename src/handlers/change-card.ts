import type { Logger } from 'pino';
import type { ChangeRequest } from '../services/changes/change-request.js';
import type { ChangeService } from '../services/changes/change-service.js';
import { UserError } from '../services/user-error.js';
import { buildChangeRequestMessage, buildOutcomeReply, previewText } from './blocks/change-request-blocks.js';
import { literalMrkdwn } from './blocks/mrkdwn.js';
import type { SlackClient } from './handler-deps.js';

/** Slack errors that mean "the bot cannot post here" rather than "Slack is down". */
const cannotPostHere = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Posts a change request's card in the channel, remembers where, and uploads the full diff to the card's
 * thread when the card could only show an excerpt. If the bot cannot post in the channel the request is
 * withdrawn (nobody could approve a card nobody sees) and the user is told how to fix it.
 */
export async function postChangeCard(
  client: SlackClient,
  changes: ChangeService,
  channelId: string,
  request: ChangeRequest,
  logger: Logger,
): Promise<void> {
  const message = buildChangeRequestMessage(request);
  let ts: string | undefined;
  try {
    ts = (await client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks })).ts;
  } catch (error) {
    const code = slackErrorCode(error);
    await changes.cancel(request.id, request.requestedBy);
    if (code && cannotPostHere.has(code)) {
      throw new UserError(
        'cannot_post',
        `I can't post in this channel (${code}). Invite me with \`/invite @pipeops\` and run the command again.`,
      );
    }
    throw error;
  }
  if (!ts) throw new Error('chat.postMessage returned no ts');
  await changes.attachMessage(request.id, { channelId, ts });
  if (message.diffTruncated) {
    try {
      await client.filesUploadV2({
        channel_id: channelId,
        thread_ts: ts,
        filename: `change-${request.id}.diff`,
        title: `Full diff of change request #${request.id}`,
        content: request.diff,
        snippet_type: 'diff',
      });
    } catch (error) {
      logger.warn({ err: error, changeId: request.id }, 'could not upload the full diff');
      await client.chat.postMessage({
        channel: channelId,
        thread_ts: ts,
        text: `The full diff could not be uploaded (${literalMrkdwn(slackErrorCode(error) ?? 'upload failed', 100)}). See \`/pipeline audit #${request.id}\`.`,
      });
    }
  }
  if (message.previewTruncated && request.preview) {
    try {
      await client.filesUploadV2({
        channel_id: channelId,
        thread_ts: ts,
        filename: `change-${request.id}-preview.txt`,
        title: `Full preview of change request #${request.id}`,
        content: previewText(request.preview),
      });
    } catch (error) {
      logger.warn({ err: error, changeId: request.id }, 'could not upload the full preview');
    }
  }
}

/** Re-renders a request's card in place (chat.update on the stored channel and ts). */
export async function updateChangeCard(client: SlackClient, request: ChangeRequest, logger: Logger): Promise<void> {
  if (!request.message) return;
  const message = buildChangeRequestMessage(request);
  try {
    await client.chat.update({
      channel: request.message.channelId,
      ts: request.message.ts,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (error) {
    // The state is already recorded; a card that could not be redrawn must not undo or hide that.
    logger.warn({ err: error, changeId: request.id, status: request.status }, 'could not update the change card');
  }
}

/** Updates the card and, for an ending, replies in its thread so that the requester is notified. */
export async function settleChangeCard(client: SlackClient, request: ChangeRequest, logger: Logger): Promise<void> {
  await updateChangeCard(client, request, logger);
  const reply = buildOutcomeReply(request);
  if (!reply || !request.message) return;
  try {
    await client.chat.postMessage({ channel: request.message.channelId, thread_ts: request.message.ts, text: reply });
  } catch (error) {
    logger.warn({ err: error, changeId: request.id }, 'could not post the outcome reply');
  }
}
