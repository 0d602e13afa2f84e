import type { App } from '@slack/bolt';
import { inlineCode } from '../blocks/mrkdwn.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { registerSealedValueView } from './register-sealed-value-view.js';
import { decodeSecretDialogContext, secretModal } from './secret-value-modal.js';

/**
 * Submission of the `secret set` dialog: the value is proposed sealed as `secret.set`. A proposal that fails after
 * the dialog closed is told without the value: the user types it again.
 */
export function registerSecretValueView(app: App, deps: HandlerDeps): void {
  registerSealedValueView(app, deps, {
    modal: secretModal,
    decodeContext: decodeSecretDialogContext,
    lostContext: `This dialog lost its context. Close it and run ${deps.command} secret set again.`,
    refuse: (value) => {
      if (value === '') return 'Type the value (it cannot be empty).';
      if (value.length > secretModal.maxLength) return `The value is longer than ${secretModal.maxLength} characters.`;
      return null;
    },
    proposal: ({ name }) => ({ kind: 'secret.set', params: { name } }),
    logFields: ({ name }) => ({ secret: name }),
    failureText: (error, logger, { name }) =>
      `${describeError(error, logger, { secret: name })}\nNothing was proposed; run ${inlineCode(`${deps.command} secret set ${name}`, 300)} to type the value again.`,
  });
}
