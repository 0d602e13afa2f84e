import { z } from 'zod';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import { LIMITS } from '../blocks/limits.js';
import { fitPlainText, literalMrkdwn, truncateMrkdwn } from '../blocks/mrkdwn.js';
import type { ModalView } from './transform-steps-modal.js';

/** Identifiers of the Reject dialog; the submission handler routes on the callback id. */
export const rejectModal = {
  callbackId: 'change_reject_reason',
  inputBlockId: 'reject_reason',
  inputActionId: 'reason',
  /** Shown on the card and in the audit log: a sentence or two, not an essay. */
  maxLength: 500,
} as const;

const MetadataSchema = z.object({ id: z.number().int().positive() });

/** The request id the dialog rejects, from its private_metadata; null when it is not ours. */
export function decodeRejectDialog(text: string): number | null {
  try {
    const parsed = MetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.id : null;
  } catch {
    return null;
  }
}

/** Reject asks why (optionally) before it rejects: the reason is shown on the card and kept in the audit log. */
export function buildRejectReasonModal(request: ChangeRequest): ModalView {
  return {
    type: 'modal',
    callback_id: rejectModal.callbackId,
    private_metadata: JSON.stringify({ id: request.id }),
    title: { type: 'plain_text', text: fitPlainText(`Reject #${request.id}`, 24) },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        block_id: 'reject_what',
        text: {
          type: 'mrkdwn',
          text: truncateMrkdwn(`*${literalMrkdwn(request.title, 500)}*\nNothing will be changed.`, LIMITS.sectionText),
        },
      },
      {
        type: 'input',
        block_id: rejectModal.inputBlockId,
        optional: true,
        label: { type: 'plain_text', text: 'Reason (optional)' },
        hint: { type: 'plain_text', text: 'Shown on the card and in the audit log.' },
        element: {
          type: 'plain_text_input',
          action_id: rejectModal.inputActionId,
          max_length: rejectModal.maxLength,
        },
      },
    ],
  };
}
