import { z } from 'zod';
import { SecretNameSchema } from '../../services/secrets/secret-name.js';
import { buildNotice } from '../blocks/help-blocks.js';
import { buildSecretListMessage } from '../blocks/secret-blocks.js';
import { openSecretDialog } from '../views/open-secret-dialog.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

const nameArgs = z.object({ name: SecretNameSchema });

export const secretCommands = [
  defineCommand({
    pattern: 'secret list',
    description: 'The names of the pipeline’s secrets (values are never shown).',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildSecretListMessage(await ctx.services.secrets.names(), ctx.command));
    },
  }),
  defineCommand({
    pattern: 'secret set <name>',
    description:
      'Create or replace a secret: type the value in a private dialog; it waits encrypted until another person approves.',
    args: nameArgs,
    run: (ctx, { name }) => openSecretDialog(ctx, name),
  }),
  defineCommand({
    // A value typed on the command line is refused without being repeated anywhere (Slack has seen it already).
    pattern: 'secret set <name> <value...>',
    description: 'Refused: never type a secret’s value in a command; use secret set <name> and the dialog.',
    args: z.object({ name: z.string(), value: z.string() }),
    async run(ctx) {
      await ctx.reply(
        buildNotice(
          `:no_entry: Nothing was set: never type a secret’s value in a command, Slack keeps command text. Treat that value as exposed and rotate it, then run \`${ctx.command} secret set &lt;NAME&gt;\` and type the new value in the dialog.`,
        ),
      );
    },
  }),
  defineCommand({
    pattern: 'secret delete <name>',
    description: 'Propose deleting a secret (destructive: two approvals).',
    args: nameArgs,
    run: (ctx, { name }) => proposeChange(ctx, 'secret.delete', { name }),
  }),
];
