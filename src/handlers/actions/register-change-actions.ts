import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import type { DecisionOutcome } from '../../services/changes/change-service.js';
import { changeActions } from '../blocks/change-request-blocks.js';
import { buildNotice } from '../blocks/help-blocks.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import { postChangeCard, settleChangeCard, updateChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';

/** The parts of a block_actions payload a card button needs; the button value is the request id. */
const ButtonPayload = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.enum([changeActions.approve, changeActions.reject, changeActions.cancel, changeActions.replan]),
        value: z.string().regex(/^\d{1,10}$/, 'button value must be a change request id'),
      }),
    )
    .length(1),
});

const actionPattern = new RegExp(`^(${Object.values(changeActions).join('|')})$`);

/**
 * Approve / Reject / Cancel / Re-plan on a change card. The service decides (atomically); this layer acks,
 * redraws the card from the request's new state, and tells a refused clicker why, privately.
 */
export function registerChangeActions(app: App, deps: HandlerDeps): void {
  app.action(actionPattern, async ({ ack, body, client, respond }) => {
    await ack();
    const parsed = ButtonPayload.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues }, 'malformed change button payload');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':warning: That button is malformed.',
      });
      return;
    }
    const userId = parsed.data.user.id;
    const [action] = parsed.data.actions;
    if (!action) return;
    const id = Number(action.value);
    const logger = deps.logger.child({ action: action.action_id, changeId: id, user: userId });
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const { changes } = deps.services;

    try {
      if (action.action_id === changeActions.replan) {
        const channelId = parsed.data.channel?.id;
        const request = await changes.replan(id, userId);
        const origin = await changes.get(id);
        const target = channelId ?? origin?.message?.channelId;
        if (!target) throw new Error('no channel to post the re-planned request in');
        await postChangeCard(client, changes, target, request, logger);
        return;
      }
      let outcome: DecisionOutcome;
      if (action.action_id === changeActions.approve) {
        outcome = await changes.approve(id, userId, {
          onApplying: (request: ChangeRequest) => updateChangeCard(client, request, logger),
        });
      } else if (action.action_id === changeActions.reject) {
        outcome = await changes.reject(id, userId);
      } else {
        outcome = await changes.cancel(id, userId);
      }
      if (outcome.type === 'refused') {
        logger.info({ reason: outcome.reason }, 'change decision refused');
        await tell(`:no_entry: ${escapeMrkdwn(outcome.message)}`);
        if (outcome.settled) await settleChangeCard(client, outcome.settled, logger);
        return;
      }
      logger.info({ status: outcome.request.status }, 'change decided');
      await settleChangeCard(client, outcome.request, logger);
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...buildNotice(describeError(error, logger, {})),
      });
    }
  });
}
