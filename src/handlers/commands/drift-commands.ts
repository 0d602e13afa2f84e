import { z } from 'zod';
import { buildDriftList } from '../drift/drift-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';

export const driftCommands = [
  defineCommand({
    pattern: 'drift',
    description:
      'What changed outside pipeops and still differs from the state pipeops last applied, read or accepted.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildDriftList(await ctx.services.drift.listDrifted()));
    },
  }),
];
