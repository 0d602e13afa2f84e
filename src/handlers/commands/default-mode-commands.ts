import { z } from 'zod';
import { mappingModes } from '../../services/pipeline/schemas.js';
import { buildDefaultModeMessage } from '../blocks/event-type-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

export const defaultModeCommands = [
  defineCommand({
    pattern: 'default-mode show',
    description: 'Show the default mapping mode new event types get.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildDefaultModeMessage(await ctx.services.eventTypes.defaultMappingMode()));
    },
  }),
  defineCommand({
    pattern: 'default-mode set <mode>',
    description: `Propose the default mapping mode (${mappingModes.join(', ')}); event types using the default follow it.`,
    args: z.object({
      mode: z
        .string()
        .transform((mode) => mode.toUpperCase())
        .pipe(z.enum(mappingModes, { error: `must be one of ${mappingModes.join(', ')}` })),
    }),
    run: (ctx, args) => proposeChange(ctx, 'default-mode.set', args),
  }),
];
