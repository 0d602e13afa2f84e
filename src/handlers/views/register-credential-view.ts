import type { App } from '@slack/bolt';
import { z } from 'zod';
import { LIMITS } from '../blocks/limits.js';
import { truncateMrkdwn } from '../blocks/mrkdwn.js';
import { postChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { credentialModal, decodeCredentialContext } from './credential-modal.js';

const Submission = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().default(''),
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))),
    }),
  }),
});

/**
 * Submission of the credential dialog: an empty value is refused under the input; otherwise the dialog closes and
 * `input.set-credential` is proposed with the value sealed (ChangeService keeps it encrypted, hands it to the write
 * only, and never logs, stores in plain or shows it). The card is posted in the channel the command came from.
 */
export function registerCredentialView(app: App, deps: HandlerDeps): void {
  app.view(credentialModal.callbackId, async ({ ack, body, client }) => {
    const parsed = Submission.safeParse(body);
    const context = parsed.success ? decodeCredentialContext(parsed.data.view.private_metadata) : null;
    if (!parsed.success || !context) {
      deps.logger.warn('malformed credential dialog submission');
      await ack({
        response_action: 'errors',
        errors: { [credentialModal.inputBlockId]: 'This dialog lost its context: close it and run the command again.' },
      });
      return;
    }
    const value =
      parsed.data.view.state.values[credentialModal.inputBlockId]?.[credentialModal.inputActionId]?.value ?? '';
    if (value.trim() === '') {
      await ack({ response_action: 'errors', errors: { [credentialModal.inputBlockId]: 'Enter the new value.' } });
      return;
    }
    await ack();
    const userId = parsed.data.user.id;
    // Never log the value: only where it goes.
    const logger = deps.logger.child({
      view: credentialModal.callbackId,
      user: userId,
      input: context.input,
      path: context.path,
    });
    const { changes } = deps.services;
    try {
      const request = await changes.propose(
        'input.set-credential',
        { input: context.input, path: context.path },
        userId,
        {
          sealed: value,
        },
      );
      await postChangeCard(client, changes, context.channelId, request, logger);
    } catch (error) {
      try {
        await client.chat.postEphemeral({
          channel: context.channelId,
          user: userId,
          text: truncateMrkdwn(
            describeError(error, logger, { input: context.input, path: context.path }),
            LIMITS.messageText,
          ),
        });
      } catch (postError) {
        logger.warn({ err: postError }, 'could not tell the user about their credential proposal');
      }
    }
  });
}
