import { secretSetLine } from '../../services/changes/kinds/secrets.js';
import { UserError } from '../../services/user-error.js';
import type { CommandContext } from '../commands/pipeline-command-spec.js';
import { describeError } from '../describe-error.js';
import { type SecretDialogContext, secretFormView, secretLoadingView, secretNoticeView } from './secret-value-modal.js';
import type { ModalView } from './transform-steps-modal.js';

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * `/pipeline secret set <NAME>`: opens the dialog the value is typed into. Refused at once when sealing is off (no
 * PIPEOPS_SECRETS_KEY), so nobody types a secret for nothing. The trigger lasts 3 seconds: a "preparing" dialog is
 * opened first, then the right to propose is checked and the pipeline asked whether the secret exists, and the
 * dialog becomes the form (or a notice saying why it cannot be used).
 */
export async function openSecretDialog(ctx: CommandContext, name: string): Promise<void> {
  if (!ctx.services.changes.sealingEnabled) {
    throw new UserError(
      'sealing_disabled',
      'Secrets cannot be set: PIPEOPS_SECRETS_KEY is not configured. Set it to a 32-byte key (`openssl rand -base64 32`) and restart pipeops.',
    );
  }
  if (!ctx.triggerId) {
    throw new UserError('no_trigger', 'Slack sent no trigger to open a dialog with; run the command again.');
  }
  const context: SecretDialogContext = { channelId: ctx.channelId, name };
  let opened: { view?: { id?: string; hash?: string } };
  try {
    opened = await ctx.client.views.open({ trigger_id: ctx.triggerId, view: secretLoadingView(context) });
  } catch (error) {
    const code = slackErrorCode(error);
    if (!code) throw error;
    throw new UserError('cannot_open', `Slack did not open the dialog (${code}). Run the command again.`);
  }
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');

  let next: ModalView;
  try {
    await ctx.services.policy.assertCanPropose(ctx.userId);
    const exists = (await ctx.services.secrets.names()).includes(name);
    next = secretFormView(context, secretSetLine(name, exists));
  } catch (error) {
    next = secretNoticeView(context, describeError(error, ctx.logger, { secret: name }));
  }
  await ctx.client.views.update({
    view_id: viewId,
    ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
    view: next,
  });
}
