import type { types } from '@slack/bolt';
import { z } from 'zod';
import { UserError } from '../../services/user-error.js';
import { LIMITS } from '../blocks/limits.js';
import { fitPlainText, inlineCode, truncateMrkdwn } from '../blocks/mrkdwn.js';

export type ModalView = types.ModalView;

/** Identifiers of the steps editor; the submission handler routes on the callback id. */
export const stepsModal = {
  callbackId: 'transform_steps_edit',
  inputBlockId: 'transform_steps',
  inputActionId: 'steps_json',
} as const;

/** Slack's limits for modals (docs.slack.dev/reference/surfaces/views, @slack/types views.ts). */
export const MODAL_LIMITS = {
  privateMetadata: 3000,
  /** plain_text_input max_length (and so the longest text that can be edited). */
  inputText: 3000,
  /** title, submit, close */
  buttonText: 24,
} as const;

/**
 * What the editor carries from the command to the submission (private_metadata): the channel to post the change
 * request in, the event type, and a fingerprint of the steps it was opened with (null until they are loaded).
 */
export interface StepsEditorContext {
  channelId: string;
  eventType: string;
  fingerprint: string | null;
}

const MetadataSchema = z.object({ c: z.string().min(1), e: z.string().min(1), f: z.string().nullable() });

/** private_metadata for the editor; a UserError when it would not fit Slack's 3000 characters. */
export function encodeEditorContext(context: StepsEditorContext): string {
  const text = JSON.stringify({ c: context.channelId, e: context.eventType, f: context.fingerprint });
  if (text.length > MODAL_LIMITS.privateMetadata) {
    throw new UserError('name_too_long', 'That event type name is too long for a Slack dialog.');
  }
  return text;
}

/** The editor context back from private_metadata; null when it is not ours or is damaged. */
export function decodeEditorContext(text: string): StepsEditorContext | null {
  try {
    const parsed = MetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? { channelId: parsed.data.c, eventType: parsed.data.e, fingerprint: parsed.data.f } : null;
  } catch {
    return null;
  }
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const title = plain('Transform steps');

function base(context: StepsEditorContext): Pick<ModalView, 'type' | 'callback_id' | 'title' | 'private_metadata'> {
  return { type: 'modal', callback_id: stepsModal.callbackId, title, private_metadata: encodeEditorContext(context) };
}

/** Opened at once with the command's trigger (valid 3 seconds), before the steps are read from the pipeline. */
export function loadingView(context: StepsEditorContext): ModalView {
  return {
    ...base(context),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        block_id: 'steps-loading',
        text: {
          type: 'mrkdwn',
          text: truncateMrkdwn(
            `Reading the transform steps of ${inlineCode(context.eventType, 200)}…`,
            LIMITS.sectionText,
          ),
        },
      },
    ],
  };
}

/** Shown instead of the editor when it cannot be used (unknown event type, not allowed, steps too long). */
export function noticeView(context: StepsEditorContext, mrkdwn: string): ModalView {
  return {
    ...base(context),
    close: plain('Close'),
    blocks: [
      {
        type: 'section',
        block_id: 'steps-notice',
        text: { type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, LIMITS.sectionText) },
      },
    ],
  };
}

/** The editor: the current steps, one per line, in a multi-line text input. */
export function editorView(context: StepsEditorContext, stepsText: string, command: string): ModalView {
  const intro =
    `*Event type* ${inlineCode(context.eventType, 200)}\n` +
    'A JSON list of steps, applied in order: `{"fn": "&lt;function&gt;", "args": {...}}` with managealooma\'s function ' +
    // The channel is not named with `<#…>`: the only `<…>` markup we send is a mention() or a slackDate().
    'and argument names. *Propose* posts a change request in the channel you ran the command in: its dry run shows the diff ' +
    'and what the new steps do to the samples, and a second person approves it.';
  return {
    ...base(context),
    submit: plain('Propose'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        block_id: 'steps-intro',
        text: { type: 'mrkdwn', text: truncateMrkdwn(intro, LIMITS.sectionText) },
      },
      {
        type: 'input',
        block_id: stepsModal.inputBlockId,
        label: plain('Steps (JSON)'),
        hint: plain(fitPlainText(`${command} transform functions lists every function and its arguments.`, 2000)),
        element: {
          type: 'plain_text_input',
          action_id: stepsModal.inputActionId,
          multiline: true,
          max_length: MODAL_LIMITS.inputText,
          initial_value: stepsText,
          focus_on_load: true,
        },
      },
    ],
  };
}

/** The notice for steps longer than a Slack text input can hold. */
export function stepsTooLongText(eventType: string, length: number): string {
  return (
    `:warning: The steps of ${inlineCode(eventType, 200)} are ${length} characters long as text; a Slack text ` +
    `input holds at most ${MODAL_LIMITS.inputText}, so they cannot be edited in a dialog.`
  );
}
