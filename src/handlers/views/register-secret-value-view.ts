import type { App } from '@slack/bolt';
import { z } from 'zod';
import { LIMITS } from '../blocks/limits.js';
import { inlineCode, truncate } from '../blocks/mrkdwn.js';
import { postChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { decodeSecretDialogContext, secretModal } from './secret-value-modal.js';

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
 * Submission of the `secret set` dialog. The value goes from the payload straight into the sealed proposal
 * (ChangeService.propose(..., { sealed })): it is never put in a log field, an error text or a reply. Validation
 * errors are answered under the input without quoting it. A proposal that fails after the dialog closed is told to
 * the user privately (without the value: they type it again).
 */
export function registerSecretValueView(app: App, deps: HandlerDeps): void {
  app.view(secretModal.callbackId, async ({ ack, body, client }) => {
    const errors = (message: string) =>
      ack({ response_action: 'errors', errors: { [secretModal.inputBlockId]: message } });
    const parsed = Submission.safeParse(body);
    const context = parsed.success ? decodeSecretDialogContext(parsed.data.view.private_metadata) : null;
    if (!parsed.success || !context) {
      // Only the paths of what did not parse, never the received values.
      deps.logger.warn(
        { paths: parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')) },
        'malformed secret dialog submission',
      );
      await errors(`This dialog lost its context. Close it and run ${deps.command} secret set again.`);
      return;
    }
    const userId = parsed.data.user.id;
    const value = parsed.data.view.state.values[secretModal.inputBlockId]?.[secretModal.inputActionId]?.value ?? '';
    if (value === '') {
      await errors('Type the value (it cannot be empty).');
      return;
    }
    if (value.length > secretModal.maxLength) {
      await errors(`The value is longer than ${secretModal.maxLength} characters.`);
      return;
    }
    await ack();

    const logger = deps.logger.child({ view: secretModal.callbackId, user: userId, secret: context.name });
    const { changes } = deps.services;
    try {
      const request = await changes.propose('secret.set', { name: context.name }, userId, { sealed: value });
      await postChangeCard(client, changes, context.channelId, request, logger);
    } catch (error) {
      const text = `${describeError(error, logger, { secret: context.name })}\nNothing was proposed; run ${inlineCode(`${deps.command} secret set ${context.name}`, 300)} to type the value again.`;
      try {
        await client.chat.postEphemeral({
          channel: context.channelId,
          user: userId,
          text: truncate(text, LIMITS.messageText),
        });
      } catch (postError) {
        logger.warn({ err: postError }, 'could not tell the user about their secret proposal');
      }
    }
  });
}
