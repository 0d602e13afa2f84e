import { credentialSegment, parseConfigPath } from '../../services/inputs/config-path.js';
import { UserError } from '../../services/user-error.js';
import type { CommandContext } from '../commands/pipeline-command-spec.js';
import { credentialView } from './credential-modal.js';

/** `input set-credential <input> <path>` (and `input set` on a credential path): checks, then opens the dialog. */
export async function openCredentialDialog(ctx: CommandContext, input: string, pathText: string): Promise<void> {
  const path = parseConfigPath(pathText);
  if (!credentialSegment(path)) {
    throw new UserError(
      'not_credential',
      `\`${pathText}\` is not a credential: use \`${ctx.command} input set ${input} ${pathText} <value>\`.`,
    );
  }
  if (!ctx.services.changes.sealingEnabled) {
    // Refused before the dialog, so that nobody types a credential for nothing.
    throw new UserError(
      'sealing_disabled',
      'Credentials cannot be set: PIPEOPS_SECRETS_KEY is not configured. Set it to a 32-byte key (`openssl rand -base64 32`) and restart pipeops.',
    );
  }
  if (!ctx.triggerId)
    throw new UserError('no_trigger', 'Slack sent no trigger to open a dialog with; run the command again.');
  await ctx.services.policy.assertCanPropose(ctx.userId);
  const found = await ctx.services.inputs.find(input);
  await ctx.client.views.open({
    trigger_id: ctx.triggerId,
    view: credentialView({ channelId: ctx.channelId, input: found.name, path: path.join('.') }),
  });
}
