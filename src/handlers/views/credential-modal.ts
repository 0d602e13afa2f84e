import type { types } from '@slack/bolt';
import { z } from 'zod';
import { UserError } from '../../services/user-error.js';
import { fitPlainText, inlineCode } from '../blocks/mrkdwn.js';
import { SEALED_ACTION_PREFIX } from './sealed-input.js';

/** Identifiers of the credential dialog; the submission handler routes on the callback id. */
export const credentialModal = {
  callbackId: 'input_credential_set',
  inputBlockId: 'credential',
  // Sealed: the local console reads it without echo, as a secret's value.
  inputActionId: `${SEALED_ACTION_PREFIX}credential`,
} as const;

/** What the dialog carries to its submission (private_metadata): never the value, only where it goes. */
export interface CredentialDialogContext {
  channelId: string;
  input: string;
  path: string;
}

const MetadataSchema = z.object({ c: z.string().min(1), i: z.string().min(1), p: z.string().min(1) });
const MAX_METADATA = 3000;

export function encodeCredentialContext(context: CredentialDialogContext): string {
  const text = JSON.stringify({ c: context.channelId, i: context.input, p: context.path });
  if (text.length > MAX_METADATA)
    throw new UserError('name_too_long', 'That input name or path is too long for a dialog.');
  return text;
}

export function decodeCredentialContext(text: string): CredentialDialogContext | null {
  try {
    const parsed = MetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? { channelId: parsed.data.c, input: parsed.data.i, path: parsed.data.p } : null;
  } catch {
    return null;
  }
}

/**
 * The dialog asking for a credential. Slack has no password input: the value is typed in a plain_text_input that only
 * the person typing sees, is never put back in any view or message, and is handed to the change workflow sealed.
 */
export function credentialView(context: CredentialDialogContext): types.ModalView {
  return {
    type: 'modal',
    callback_id: credentialModal.callbackId,
    private_metadata: encodeCredentialContext(context),
    title: { type: 'plain_text', text: 'Set a credential' },
    submit: { type: 'plain_text', text: 'Propose' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `New value of ${inlineCode(context.path, 100)} for input ${inlineCode(context.input, 100)}. It is stored encrypted until the change is approved and applied, and never shown: the change card only says it changes.`,
        },
      },
      {
        type: 'input',
        block_id: credentialModal.inputBlockId,
        label: { type: 'plain_text', text: fitPlainText(context.path, 2000) },
        element: { type: 'plain_text_input', action_id: credentialModal.inputActionId, multiline: false },
      },
    ],
  };
}
