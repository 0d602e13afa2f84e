import { DuplicateProposalError } from '../../services/changes/change-service.js';
import { buildNotice } from '../blocks/help-blocks.js';
import { messageMrkdwn, slackLink } from '../blocks/mrkdwn.js';
import { postChangeCard, updateChangeCard } from '../change-card.js';
import type { CommandContext } from './pipeline-command-spec.js';

/** A link to a message in Slack's archive form, which opens the message (and its thread) in any client. */
export function messageLink(message: { channelId: string; ts: string }): string {
  return `https://slack.com/archives/${message.channelId}/p${message.ts.replace('.', '')}`;
}

/**
 * The dry run: plan the change, post its card with the diff in the channel. Nothing is applied. When the same plan
 * is already waiting for approval the proposer is pointed to that card instead; other requests pending on the
 * resource get their cards redrawn, so each notes the other.
 */
export async function proposeChange(ctx: CommandContext, kind: string, params: unknown): Promise<void> {
  let request: Awaited<ReturnType<typeof ctx.services.changes.propose>>;
  try {
    request = await ctx.services.changes.propose(kind, params, ctx.userId);
  } catch (error) {
    if (!(error instanceof DuplicateProposalError)) throw error;
    const existing = error.existing;
    const where = existing.message ? ` ${slackLink(messageLink(existing.message), 'See its card.')}` : '';
    await ctx.reply(buildNotice(`:information_source: ${messageMrkdwn(error.message)}${where}`));
    return;
  }
  await postChangeCard(ctx.client, ctx.services.changes, ctx.channelId, request, ctx.logger);
  for (const otherId of request.alsoPending) {
    const other = await ctx.services.changes.get(otherId);
    if (other) await updateChangeCard(ctx.client, other, ctx.logger);
  }
}
