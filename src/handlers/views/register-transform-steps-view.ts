import type { App } from '@slack/bolt';
import { stepsFingerprintOfSnapshot } from '../../services/changes/kinds/transform-steps-kind.js';
import { parseStepListText, stepsFingerprint } from '../../services/transform-tests/step-text.js';
import { jsonDumps, StepValidationError } from '../../transforms/index.js';
import { LIMITS } from '../blocks/limits.js';
import { codeBlock, inlineCode, truncate, truncateMrkdwn } from '../blocks/mrkdwn.js';
import { postChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { errorsUnderInput, readOneInputSubmission } from './one-input-submission.js';
import { decodeEditorContext, stepsModal } from './transform-steps-modal.js';

/** What an `errors` ack may say under the input: plain text, kept short. */
const MAX_ERROR_TEXT = 1000;

/**
 * Submission of the steps editor. Validation is local and fast, so its result is the acknowledgement itself
 * (`response_action: 'errors'` under the input, within Slack's 3 seconds); valid steps close the modal and are
 * then proposed as a `transform.steps` change request whose card is posted in the channel the command came from.
 * A proposal that fails after the modal closed is told to the user privately, with their steps so nothing is lost.
 */
export function registerTransformStepsView(app: App, deps: HandlerDeps): void {
  app.view(stepsModal.callbackId, async ({ ack, body, client }) => {
    const errors = (message: string) => ack(errorsUnderInput(stepsModal, truncate(message, MAX_ERROR_TEXT)));
    const submission = readOneInputSubmission(body, stepsModal, decodeEditorContext, deps.logger);
    if (!submission) {
      await errors(`This editor lost its context. Close it and run ${deps.command} transform set again.`);
      return;
    }
    const { userId, context, value: text } = submission;
    let steps: ReturnType<typeof parseStepListText>;
    try {
      steps = parseStepListText(text.trim() === '' ? '[]' : text);
    } catch (error) {
      if (!(error instanceof StepValidationError)) throw error;
      await errors(error.message);
      return;
    }
    if (context.fingerprint !== null && stepsFingerprint(steps) === context.fingerprint) {
      await errors(`These are the current steps of ${context.eventType}: change something, or press Cancel.`);
      return;
    }
    await ack();

    const logger = deps.logger.child({ view: stepsModal.callbackId, user: userId, eventType: context.eventType });
    const { changes } = deps.services;
    try {
      const request = await changes.propose(
        'transform.steps',
        { eventType: context.eventType, steps: jsonDumps(steps) },
        userId,
      );
      await postChangeCard(client, changes, context.channelId, request, logger);
      if (context.fingerprint !== null && stepsFingerprintOfSnapshot(request.before) !== context.fingerprint) {
        await tell(
          `:warning: The steps of ${inlineCode(context.eventType, 200)} changed while you were editing them. Change request #${request.id} replaces the current steps with yours: check its diff does not undo someone else's change.`,
        );
      }
    } catch (error) {
      const mine = codeBlock(text, LIMITS.sectionText - 200);
      await tell(
        `${describeError(error, logger, { eventType: context.eventType })}\nYour steps, so that they are not lost:\n${mine.text}`,
      );
    }

    async function tell(message: string): Promise<void> {
      try {
        await client.chat.postEphemeral({
          channel: context?.channelId ?? '',
          user: userId,
          text: truncateMrkdwn(message, LIMITS.messageText),
        });
      } catch (error) {
        logger.warn({ err: error }, 'could not tell the user about their steps proposal');
      }
    }
  });
}
