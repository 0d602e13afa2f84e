import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { LIMITS } from '../blocks/limits.js';
import { truncateMrkdwn } from '../blocks/mrkdwn.js';
import { postChangeCard } from '../change-card.js';
import type { HandlerDeps } from '../handler-deps.js';
import { errorsUnderInput, type OneInputModal, readOneInputSubmission } from './one-input-submission.js';

/** A dialog whose one input is a value to seal: a credential, a secret. */
export interface SealedValueDialog<Context extends { channelId: string }> {
  modal: OneInputModal;
  /** Reads private_metadata back; null when it is not what the dialog was opened with. */
  decodeContext(text: string): Context | null;
  /** Shown under the input when the context is lost. */
  lostContext: string;
  /** Why the value cannot be taken (shown under the input, never quoting it), or null. */
  refuse(value: string): string | null;
  /** The change to propose with the value sealed. */
  proposal(context: Context): { kind: string; params: unknown };
  /** Log fields naming where the value goes (never the value). */
  logFields(context: Context): Record<string, string>;
  /** The private message (mrkdwn) when the proposal fails after the dialog closed. */
  failureText(error: unknown, logger: Logger, context: Context): string;
}

/**
 * Submission of a sealed-value dialog. The value goes from the payload straight into the sealed proposal
 * (ChangeService.propose(..., { sealed })): it is never put in a log field, an error text or a reply. A refused value
 * is answered under the input; a proposal that fails after the dialog closed is told to the user privately.
 */
export function registerSealedValueView<Context extends { channelId: string }>(
  app: App,
  deps: HandlerDeps,
  dialog: SealedValueDialog<Context>,
): void {
  const { modal } = dialog;
  app.view(modal.callbackId, async ({ ack, body, client }) => {
    const submission = readOneInputSubmission(body, modal, dialog.decodeContext, deps.logger);
    if (!submission) {
      await ack(errorsUnderInput(modal, dialog.lostContext));
      return;
    }
    const { userId, context, value } = submission;
    const refusal = dialog.refuse(value);
    if (refusal !== null) {
      await ack(errorsUnderInput(modal, refusal));
      return;
    }
    await ack();

    const logger = deps.logger.child({ view: modal.callbackId, user: userId, ...dialog.logFields(context) });
    const { changes } = deps.services;
    try {
      const { kind, params } = dialog.proposal(context);
      const request = await changes.propose(kind, params, userId, { sealed: value });
      await postChangeCard(client, changes, context.channelId, request, logger);
    } catch (error) {
      try {
        await client.chat.postEphemeral({
          channel: context.channelId,
          user: userId,
          text: truncateMrkdwn(dialog.failureText(error, logger, context), LIMITS.messageText),
        });
      } catch (postError) {
        logger.warn({ err: postError }, 'could not tell the user about their sealed-value proposal');
      }
    }
  });
}
