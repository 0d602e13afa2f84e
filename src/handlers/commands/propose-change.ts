import { postChangeCard } from '../change-card.js';
import type { CommandContext } from './pipeline-command-spec.js';

/** The dry run: plan the change, post its card with the diff in the channel. Nothing is applied. */
export async function proposeChange(ctx: CommandContext, kind: string, params: unknown): Promise<void> {
  const request = await ctx.services.changes.propose(kind, params, ctx.userId);
  await postChangeCard(ctx.client, ctx.services.changes, ctx.channelId, request, ctx.logger);
}
