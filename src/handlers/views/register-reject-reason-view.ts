import type { App } from '@slack/bolt';
import { UserError } from '../../services/user-error.js';
import { settleChangeCard } from '../change-card.js';
import type { HandlerDeps } from '../handler-deps.js';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../storable-text.js';
import { errorsUnderInput, readOneInputSubmission } from './one-input-submission.js';
import { decodeRejectDialog, rejectModal } from './reject-reason-modal.js';

/**
 * Submission of the Reject dialog: rejects with the reason typed (none when left empty). A refusal (the request
 * moved on meanwhile, or the user may not decide) is answered in the dialog, under the reason, so nothing is lost.
 */
export function registerRejectReasonView(app: App, deps: HandlerDeps): void {
  app.view(rejectModal.callbackId, async ({ ack, body, client }) => {
    const errors = (message: string) => ack(errorsUnderInput(rejectModal, message));
    const submission = readOneInputSubmission(body, rejectModal, decodeRejectDialog, deps.logger);
    if (!submission) {
      await errors('This dialog lost its context. Close it and press Reject on the card again.');
      return;
    }
    const { userId, context: id } = submission;
    const typed = submission.value.trim();
    if (typed.length > rejectModal.maxLength) {
      await errors(`Keep the reason under ${rejectModal.maxLength} characters.`);
      return;
    }
    if (!isStorableText(typed)) {
      await errors(`The reason ${UNSTORABLE_TEXT_MESSAGE}.`);
      return;
    }
    const reason = typed === '' ? null : typed;
    const logger = deps.logger.child({ view: rejectModal.callbackId, changeId: id, user: userId });
    try {
      const outcome = await deps.services.changes.reject(id, userId, reason ?? undefined);
      if (outcome.type === 'refused') {
        await errors(outcome.message);
        if (outcome.settled) await settleChangeCard(client, outcome.settled, logger);
        return;
      }
      await ack();
      logger.info({ status: outcome.request.status, withReason: reason !== null }, 'change rejected');
      await settleChangeCard(client, outcome.request, logger);
    } catch (error) {
      logger.error({ err: error }, 'reject from the dialog failed');
      await errors(error instanceof UserError ? error.message : 'Rejecting failed (the error is logged); try again.');
    }
  });
}
