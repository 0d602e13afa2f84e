import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import type { DecisionOutcome } from '../../services/changes/change-service.js';
import { changeActions } from '../blocks/change-request-blocks.js';
import { buildNotice } from '../blocks/help-blocks.js';
import { messageMrkdwn } from '../blocks/mrkdwn.js';
import { postChangeCard, settleChangeCard, updateChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import type { HomeTabs } from '../home/home-tabs.js';
import { RequestIdText, SlackUserId } from '../slack-ids.js';
import { buildRejectReasonModal } from '../views/reject-reason-modal.js';
import { cardOffers, clickedMessage, isFromOwnHome, isOnItsCard } from './card-binding.js';

/** The parts of a block_actions payload a card button needs; the button value is the request id. */
const ButtonPayload = z.object({
  user: z.object({ id: SlackUserId }),
  /** Opens the Reject dialog (valid 3 seconds, once); without one Reject rejects at once, without a reason. */
  trigger_id: z.string().min(1).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.enum([
          changeActions.approve,
          changeActions.reject,
          changeActions.cancel,
          changeActions.replan,
          changeActions.recheck,
          changeActions.revert,
        ]),
        value: RequestIdText,
      }),
    )
    .length(1),
});

const actionPattern = new RegExp(`^(${Object.values(changeActions).join('|')})$`);

/**
 * Approve / Reject / Cancel / Re-plan on a change card. The service decides (atomically); this layer acks,
 * redraws the card from the request's new state, and tells a refused clicker why, privately.
 */
export function registerChangeActions(app: App, deps: HandlerDeps, home?: HomeTabs): void {
  app.action(actionPattern, async ({ ack, body, client, context, respond }) => {
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
    // A click on the Home tab has no response_url: the answer is shown on top of that Home tab instead.
    const fromHome = home !== undefined && isFromOwnHome(body, context.botId);
    // A click from a view that is not the clicker's own Home tab has no response_url either: logged, not answered.
    const canRespond = typeof (body as { response_url?: unknown }).response_url === 'string';
    const tell = async (text: string) => {
      if (fromHome && home) await home.publish(client, userId, text);
      else if (canRespond) await respond({ response_type: 'ephemeral', replace_original: false, text });
      else logger.warn({ answer: text }, 'a refused click has nowhere to be answered');
    };
    const { changes } = deps.services;

    try {
      // A button acts only from its own request's card, and only while that card shows it (Re-plan).
      const clicked = clickedMessage(body);
      const origin = await changes.get(id);
      if (!origin) {
        await tell(`:no_entry: Change request #${id} does not exist.`);
        return;
      }
      if (fromHome) {
        // The Home tab offers Approve and Reject of requests waiting for this person; nothing else acts from there.
        if (action.action_id !== changeActions.approve && action.action_id !== changeActions.reject) {
          await tell(`:no_entry: That button is not offered on the Home tab; use the card of change request #${id}.`);
          return;
        }
      } else if (!clicked || !isOnItsCard(origin, clicked) || !origin.message) {
        logger.warn({ clicked, card: origin.message }, 'click refused: the button is not on the request’s card');
        await tell(`:no_entry: That button is not on the card of change request #${id}; use the card itself.`);
        return;
      }
      if (action.action_id === changeActions.replan) {
        if (!origin.message || !cardOffers(origin, changeActions.replan)) {
          await tell(`:no_entry: Change request #${id} is ${origin.status}: it offers no re-plan.`);
          return;
        }
        const request = await changes.replan(id, userId);
        await postChangeCard(client, changes, origin.message.channelId, request, logger);
        return;
      }
      if (action.action_id === changeActions.revert) {
        if (!origin.message || !cardOffers(origin, changeActions.revert)) {
          await tell(`:no_entry: Change request #${id} is ${origin.status}: it offers no revert.`);
          return;
        }
        const proposal = await deps.services.reverts.plan(id);
        const request = await changes.propose(proposal.kind, proposal.params, userId);
        await postChangeCard(client, changes, origin.message.channelId, request, logger);
        return;
      }
      let outcome: DecisionOutcome;
      const redraw = (request: ChangeRequest) => updateChangeCard(client, request, logger);
      if (action.action_id === changeActions.approve) {
        outcome = await changes.approve(id, userId, { onApplying: redraw, onUnknown: redraw });
      } else if (action.action_id === changeActions.recheck) {
        outcome = await changes.recheck(id, userId);
      } else if (action.action_id === changeActions.reject) {
        // Someone who may decide is asked for an optional reason first (register-reject-reason-view.ts rejects).
        if (parsed.data.trigger_id && origin.status === 'pending' && origin.requestedBy !== userId) {
          await client.views.open({ trigger_id: parsed.data.trigger_id, view: buildRejectReasonModal(origin) });
          return;
        }
        outcome = await changes.reject(id, userId);
      } else {
        outcome = await changes.cancel(id, userId);
      }
      if (outcome.type === 'refused') {
        logger.info({ reason: outcome.reason }, 'change decision refused');
        await tell(`:no_entry: ${messageMrkdwn(outcome.message)}`);
        if (outcome.settled) await settleChangeCard(client, outcome.settled, logger);
        return;
      }
      logger.info({ status: outcome.request.status }, 'change decided');
      await settleChangeCard(client, outcome.request, logger);
      // Requests this apply made stale are closed now: redraw their cards too, so nobody approves a dead plan.
      for (const superseded of outcome.superseded ?? []) await settleChangeCard(client, superseded, logger);
    } catch (error) {
      const notice = buildNotice(describeError(error, logger, {}));
      if (fromHome || !canRespond) await tell(notice.text);
      else await respond({ response_type: 'ephemeral', replace_original: false, ...notice });
    }
  });
}
