import { formatStepList, stepsFingerprint } from '../../services/transform-tests/step-text.js';
import { UserError } from '../../services/user-error.js';
import type { CommandContext } from '../commands/pipeline-command-spec.js';
import { describeError } from '../describe-error.js';
import {
  editorView,
  loadingView,
  MODAL_LIMITS,
  type ModalView,
  noticeView,
  type StepsEditorContext,
  stepsTooLongText,
} from './transform-steps-modal.js';

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * `/pipeline transform set <event>`: opens the steps editor. The command's trigger is valid for 3 seconds, so a
 * "loading" modal is opened first, then the steps are read (and the user's right to propose checked) and the
 * modal is updated with the editor, or with a notice saying why it cannot be used.
 */
export async function openStepsEditor(ctx: CommandContext, eventType: string): Promise<void> {
  if (!ctx.triggerId) {
    throw new UserError('no_trigger', 'Slack sent no trigger to open a dialog with; run the command again.');
  }
  const context: StepsEditorContext = { channelId: ctx.channelId, eventType, fingerprint: null };
  let opened: { view?: { id?: string; hash?: string } };
  try {
    opened = await ctx.client.views.open({ trigger_id: ctx.triggerId, view: loadingView(context) });
  } catch (error) {
    const code = slackErrorCode(error);
    if (!code) throw error;
    throw new UserError('cannot_open', `Slack did not open the editor (${code}). Run the command again.`);
  }
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');

  let next: ModalView;
  try {
    await ctx.services.policy.assertCanPropose(ctx.userId);
    const steps = await ctx.services.transforms.steps(eventType);
    const text = formatStepList(steps);
    next =
      text.length > MODAL_LIMITS.inputText
        ? noticeView(context, stepsTooLongText(eventType, text.length))
        : editorView({ ...context, fingerprint: stepsFingerprint(steps) }, text, ctx.command);
  } catch (error) {
    next = noticeView(context, describeError(error, ctx.logger, { eventType }));
  }
  await ctx.client.views.update({
    view_id: viewId,
    ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
    view: next,
  });
}
