import { z } from 'zod';
import { mappingModes } from '../../services/pipeline/schemas.js';
import { buildMappingMessage } from '../blocks/mapping-blocks.js';
import { mappingFieldCommands } from './mapping-field-commands.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

const event = z.string().min(1);

export const mappingCommands = [
  defineCommand({
    pattern: 'mapping show <event...>',
    description: 'Show the mapping of an event type: mode, tables, consolidation keys, fields.',
    args: z.object({ event }),
    async run(ctx, args) {
      await ctx.reply(buildMappingMessage(await ctx.services.mappings.get(args.event)));
    },
  }),
  defineCommand({
    pattern: 'mapping <event> mode <mode>',
    description: `Propose a mapping mode for an event type (${mappingModes.join(', ')}).`,
    args: z.object({
      event,
      mode: z
        .string()
        .transform((mode) => mode.toUpperCase())
        .pipe(z.enum(mappingModes, { error: `must be one of ${mappingModes.join(', ')}` })),
    }),
    run: (ctx, args) => proposeChange(ctx, 'mapping.mode', args),
  }),
  defineCommand({
    pattern: 'mapping <event> keys <keys...>',
    description: 'Propose the consolidation keys (primary key) of an event type, comma-separated: ID or ID,CREATED_AT.',
    args: z.object({
      event,
      keys: z
        .string()
        .transform((text) => text.split(/[\s,]+/).filter((key) => key !== ''))
        .pipe(z.array(z.string()).min(1, 'give at least one key')),
    }),
    run: (ctx, args) => proposeChange(ctx, 'mapping.keys', args),
  }),
  ...mappingFieldCommands,
];
