import type { App } from '@slack/bolt';
import { z } from 'zod';
import { buildNotice } from '../blocks/help-blocks.js';
import { messageMrkdwn } from '../blocks/mrkdwn.js';
import { postChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { SlackUserId } from '../slack-ids.js';
import { driftActions } from './drift-blocks.js';
import { driftNotifierFor } from './drift-notifier.js';

const ButtonPayload = z.object({
  user: z.object({ id: SlackUserId }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.enum([driftActions.accept, driftActions.revert]),
        value: z.string().regex(/^\d{1,10}:\d{1,10}$/, 'button value must be <drift id>:<incident>'),
      }),
    )
    .length(1),
});

const actionPattern = new RegExp(`^(${Object.values(driftActions).join('|')})$`);

/**
 * Accept / Revert on a drift message. Accept records the new state as known (audited) and redraws the message;
 * Revert proposes the known state back and posts its change card next to the message. Refusals are private.
 */
export function registerDriftActions(app: App, deps: HandlerDeps): void {
  app.action(actionPattern, async ({ ack, body, client, respond }) => {
    await ack();
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const parsed = ButtonPayload.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues }, 'malformed drift button payload');
      await tell(':warning: That button is malformed.');
      return;
    }
    const userId = parsed.data.user.id;
    const [action] = parsed.data.actions;
    if (!action) return;
    const [id, incident] = action.value.split(':').map(Number) as [number, number];
    const logger = deps.logger.child({ action: action.action_id, driftId: id, user: userId });
    const { drift, changes } = deps.services;
    try {
      const record = await drift.get(id);
      const channel = record?.message?.channelId ?? parsed.data.channel?.id;
      if (!record || !channel) {
        await tell(':no_entry: That drift does not exist.');
        return;
      }
      if (action.action_id === driftActions.revert) {
        const proposal = await drift.planRevert(id, incident);
        const request = await changes.propose(proposal.kind, proposal.params, userId);
        await postChangeCard(client, changes, channel, request, logger);
        logger.info({ changeId: request.id }, 'drift revert proposed');
        return;
      }
      const outcome = await drift.accept(id, incident, userId);
      if (outcome.type === 'refused') {
        await tell(`:no_entry: ${messageMrkdwn(outcome.message)}`);
        return;
      }
      logger.info('drift accepted');
      await driftNotifierFor(drift, deps.logger).syncOne(client, channel, id);
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...buildNotice(describeError(error, logger, {})),
      });
    }
  });
}
