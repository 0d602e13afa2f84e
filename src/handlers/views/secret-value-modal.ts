import { z } from 'zod';
import { LIMITS } from '../blocks/limits.js';
import { inlineCode, truncateMrkdwn } from '../blocks/mrkdwn.js';
import { SEALED_ACTION_PREFIX } from './sealed-input.js';
import type { ModalView } from './transform-steps-modal.js';

/** Identifiers of the `secret set` dialog; the submission handler routes on the callback id. */
export const secretModal = {
  callbackId: 'secret_value_set',
  inputBlockId: 'secret_value',
  inputActionId: `${SEALED_ACTION_PREFIX}value`,
  /** A secret value as long as a Slack text input holds. */
  maxLength: 3000,
} as const;

/** What the dialog carries to its submission: where to post the card, and the secret's name. Never the value. */
export interface SecretDialogContext {
  channelId: string;
  name: string;
}

const MetadataSchema = z.object({ c: z.string().min(1), n: z.string().min(1) });

export function encodeSecretDialogContext(context: SecretDialogContext): string {
  return JSON.stringify({ c: context.channelId, n: context.name });
}

export function decodeSecretDialogContext(text: string): SecretDialogContext | null {
  try {
    const parsed = MetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? { channelId: parsed.data.c, name: parsed.data.n } : null;
  } catch {
    return null;
  }
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function base(context: SecretDialogContext): Pick<ModalView, 'type' | 'callback_id' | 'title' | 'private_metadata'> {
  return {
    type: 'modal',
    callback_id: secretModal.callbackId,
    title: plain('Set secret'),
    private_metadata: encodeSecretDialogContext(context),
  };
}

const section = (blockId: string, text: string) => ({
  type: 'section' as const,
  block_id: blockId,
  text: { type: 'mrkdwn' as const, text: truncateMrkdwn(text, LIMITS.sectionText) },
});

/** Opened at once with the command's trigger (valid 3 seconds), while pipeops checks who may propose. */
export function secretLoadingView(context: SecretDialogContext): ModalView {
  return {
    ...base(context),
    close: plain('Cancel'),
    blocks: [section('secret-loading', `Preparing secret ${inlineCode(context.name, 128)}…`)],
  };
}

/** Shown instead of the form when it cannot be used (not allowed, pipeline unreachable). */
export function secretNoticeView(context: SecretDialogContext, mrkdwn: string): ModalView {
  return { ...base(context), close: plain('Close'), blocks: [section('secret-notice', mrkdwn)] };
}

/**
 * The form: the value in a plain_text_input (Slack has none that masks), never pre-filled. `line` says whether the
 * secret is new or replaced, as the card will (`+ NAME (new)`, `~ NAME (value replaced)`).
 */
export function secretFormView(context: SecretDialogContext, line: string): ModalView {
  const intro =
    `${inlineCode(line, 200)}\n` +
    `Slack has no masked text input, so the value shows while you type it here. pipeops keeps it only encrypted ` +
    `until a second person approves, writes it to the pipeline, then erases it: it never appears in a message, the ` +
    `change card, the database, the audit log or the logs. *Propose* posts the card in <#${context.channelId}>.`;
  return {
    ...base(context),
    submit: plain('Propose'),
    close: plain('Cancel'),
    blocks: [
      section('secret-intro', intro),
      {
        type: 'input',
        block_id: secretModal.inputBlockId,
        label: plain('Value'),
        hint: plain('Visible while you type (Slack cannot mask it). Make sure nobody is looking at your screen.'),
        element: {
          type: 'plain_text_input',
          action_id: secretModal.inputActionId,
          max_length: secretModal.maxLength,
          focus_on_load: true,
        },
      },
    ],
  };
}
