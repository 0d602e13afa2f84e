import { z } from 'zod';
import { credentialSegment, parseConfigPath } from '../../services/inputs/config-path.js';
import { REPLICATION_TYPES, splitTableList } from '../../services/inputs/new-input-plan.js';
import { UserError } from '../../services/user-error.js';
import { buildInputTablesMessage, buildStructureMessage } from '../blocks/plumbing-blocks.js';
import { openCredentialDialog } from '../views/open-credential-dialog.js';
import { type CommandContext, defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

/** The plumbing and input commands of issue 9 (managealooma Inputs); listed after the older input commands. */

const input = z.string().min(1);
const onOff = z
  .string()
  .transform((word) => word.toLowerCase())
  .pipe(z.enum(['on', 'off'], { error: 'must be on or off' }))
  .transform((word) => word === 'on');
/** `t1,t2` or `t1=indicator`; an empty name (`a,,b`, a trailing comma) is refused by splitTableList with its reason. */
const tableList = z.string().min(1, 'give at least one table');

/**
 * Opens the credential dialog for `input set` on a credential path. Its failures are answered here, never left to
 * the generic handler: that one logs the command's text, which holds the value typed.
 */
async function tryCredentialDialog(ctx: CommandContext, args: { input: string; path: string }): Promise<boolean> {
  try {
    await openCredentialDialog(ctx, args.input, args.path);
    return true;
  } catch (error) {
    if (error instanceof UserError) throw error;
    ctx.logger.warn({ err: error }, 'could not open the credential dialog');
    return false;
  }
}

export const inputChangeCommands = [
  defineCommand({
    pattern: 'structure',
    description: 'Show the pipeline: inputs → transformer → outputs, with each node’s throughput (events/min).',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildStructureMessage(await ctx.services.plumbing.structure()));
    },
  }),
  defineCommand({
    pattern: 'input tables <input>',
    description: 'List the tables a database input replicates, with their update indicators.',
    args: z.object({ input }),
    async run(ctx, args) {
      const { input: found, tables } = await ctx.services.plumbing.tables(args.input);
      await ctx.reply(buildInputTablesMessage(found, tables));
    },
  }),
  defineCommand({
    pattern:
      'input create <name> from <existing> [tables <tables>] [schema <schema>] [replication <replication>] [batch <batch>] [auto-map <automap>]',
    description:
      'Propose a new input copied from an existing one (credentials copied by the pipeline, never shown); options replace the copied tables (t1,t2 or t1=indicator), target schema, replication (incremental_load|full_dump_load), batch size, auto-mapping (on|off).',
    args: z.object({
      name: z.string().min(1),
      existing: z.string().min(1),
      tables: tableList.optional(),
      schema: z.string().min(1).optional(),
      replication: z.enum(REPLICATION_TYPES, { error: `must be ${REPLICATION_TYPES.join(' or ')}` }).optional(),
      batch: z.coerce
        .number({ error: 'must be a whole number' })
        .int('must be a whole number')
        .positive('must be positive')
        .optional(),
      automap: onOff.optional(),
    }),
    async run(ctx, args) {
      const params = await ctx.services.plumbing.planNewInput({
        name: args.name,
        from: args.existing,
        ...(args.tables !== undefined ? { tables: splitTableList(args.tables) } : {}),
        ...(args.schema !== undefined ? { schema: args.schema } : {}),
        ...(args.replication !== undefined ? { replication: args.replication } : {}),
        ...(args.batch !== undefined ? { batch: args.batch } : {}),
        ...(args.automap !== undefined ? { autoMap: args.automap } : {}),
      });
      await proposeChange(ctx, 'input.create', params);
    },
  }),
  defineCommand({
    pattern: 'input set <input> <path> <value...>',
    description:
      'Propose one configuration value: dotted paths (batch_size, parameters.where.value: a request parameter by name or index), typed like the field (number, true/false, JSON, text). Credentials are refused here: use input set-credential.',
    args: z.object({ input, path: z.string().min(1), value: z.string() }),
    async run(ctx, args) {
      const path = parseConfigPath(args.path);
      if (credentialSegment(path)) {
        // The value already went through Slack as command text: refuse it, and ask for it where it is not echoed.
        const dialog =
          ctx.triggerId !== undefined && ctx.services.changes.sealingEnabled && (await tryCredentialDialog(ctx, args));
        const instead = dialog
          ? 'Enter it in the dialog instead.'
          : ctx.services.changes.sealingEnabled
            ? `Use \`${ctx.command} input set-credential ${args.input} ${args.path}\`.`
            : 'Credentials can only be set through a dialog, which needs PIPEOPS_SECRETS_KEY (not configured).';
        throw new UserError(
          'credential_path',
          `\`${args.path}\` is a credential: values typed in a command are not used (the one you typed is in this conversation's history, so change it if it is real). ${instead}`,
        );
      }
      await proposeChange(ctx, 'input.set', args);
    },
  }),
  defineCommand({
    pattern: 'input set-credential <input> <path>',
    description:
      'Propose a new credential (password, secret, token, key) for an input: asked in a dialog, never shown.',
    args: z.object({ input, path: z.string().min(1) }),
    run: (ctx, args) => openCredentialDialog(ctx, args.input, args.path),
  }),
  defineCommand({
    pattern: 'input add-tables <input> <tables...>',
    description: 'Propose more tables for a database input: t1,t2 (update indicator as the others) or t1=updated_at.',
    args: z.object({ input, tables: tableList }),
    run: (ctx, args) =>
      proposeChange(ctx, 'input.add-tables', { input: args.input, tables: splitTableList(args.tables) }),
  }),
  defineCommand({
    pattern: 'input auto-map <input> <onoff>',
    description: 'Propose turning an input’s auto-mapping on or off.',
    args: z.object({ input, onoff: onOff }),
    run: (ctx, args) => proposeChange(ctx, 'input.auto-map', { input: args.input, on: args.onoff }),
  }),
  defineCommand({
    pattern: 'input add-template <input> <parameter> <template...>',
    description:
      'Propose a template for request parameters of an API input (one, or several as p1,p2), e.g. input add-template mixpanel_engage_one session_id %Y-%m-%d.',
    args: z.object({ input, parameter: z.string().min(1), template: z.string().min(1) }),
    run: (ctx, args) => proposeChange(ctx, 'input.add-template', args),
  }),
  defineCommand({
    pattern: 'input delete <input>',
    description:
      'Propose DELETING an input (destructive: two approvals). The card lists the event types it feeds, with their mappings and consolidations.',
    args: z.object({ input }),
    run: (ctx, args) => proposeChange(ctx, 'input.delete', args),
  }),
];
