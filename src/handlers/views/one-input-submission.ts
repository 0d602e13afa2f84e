import type { Logger } from 'pino';
import { z } from 'zod';
import { SlackUserId } from '../slack-ids.js';

/** The parts of a `view_submission` a one-input dialog reads; Slack sends more, which is ignored. */
const Submission = z.object({
  user: z.object({ id: SlackUserId }),
  view: z.object({
    private_metadata: z.string().default(''),
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))),
    }),
  }),
});

/** A dialog with one text input: the ids its submission is routed and read by. */
export interface OneInputModal {
  callbackId: string;
  inputBlockId: string;
  inputActionId: string;
}

export interface OneInputSubmission<Context> {
  userId: string;
  /** What the dialog was opened with (private_metadata), decoded. */
  context: Context;
  /** The text typed in the input; '' when left empty. */
  value: string;
}

/**
 * Reads a submission of `modal`, or null when the body or its context does not parse (a forged or stale dialog):
 * then only the paths of what did not parse are logged, never the values received, which may be a secret.
 */
export function readOneInputSubmission<Context>(
  body: unknown,
  modal: OneInputModal,
  decodeContext: (text: string) => Context | null,
  logger: Logger,
): OneInputSubmission<Context> | null {
  const parsed = Submission.safeParse(body);
  const context = parsed.success ? decodeContext(parsed.data.view.private_metadata) : null;
  if (!parsed.success || context === null) {
    logger.warn(
      { view: modal.callbackId, paths: parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')) },
      'malformed dialog submission',
    );
    return null;
  }
  const value = parsed.data.view.state.values[modal.inputBlockId]?.[modal.inputActionId]?.value ?? '';
  return { userId: parsed.data.user.id, context, value };
}

/** The acknowledgement that keeps the dialog open with `message` under its input. */
export function errorsUnderInput(modal: OneInputModal, message: string) {
  return { response_action: 'errors' as const, errors: { [modal.inputBlockId]: message } };
}
