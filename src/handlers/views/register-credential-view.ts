import type { App } from '@slack/bolt';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { credentialModal, decodeCredentialContext } from './credential-modal.js';
import { registerSealedValueView } from './register-sealed-value-view.js';

/**
 * Submission of the credential dialog: an empty value is refused under the input; otherwise the dialog closes and
 * `input.set-credential` is proposed with the value sealed (ChangeService keeps it encrypted, hands it to the write
 * only, and never logs, stores in plain or shows it). The card is posted in the channel the command came from.
 */
export function registerCredentialView(app: App, deps: HandlerDeps): void {
  registerSealedValueView(app, deps, {
    modal: credentialModal,
    decodeContext: decodeCredentialContext,
    lostContext: 'This dialog lost its context: close it and run the command again.',
    refuse: (value) => (value.trim() === '' ? 'Enter the new value.' : null),
    proposal: ({ input, path }) => ({ kind: 'input.set-credential', params: { input, path } }),
    logFields: ({ input, path }) => ({ input, path }),
    failureText: (error, logger, { input, path }) => describeError(error, logger, { input, path }),
  });
}
