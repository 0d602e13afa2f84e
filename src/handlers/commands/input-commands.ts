import { z } from 'zod';
import { buildInputListMessage, buildInputMessage } from '../blocks/input-blocks.js';
import { inputChangeCommands } from './input-change-commands.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

const inputArgs = z.object({ input: z.string().min(1) });

export const inputCommands = [
  defineCommand({
    pattern: 'input list [--type <type>]',
    description: 'List the inputs (sources) with their type and whether they run; `--type ODBC` lists one type only.',
    args: z.object({ type: z.string().min(1).optional() }),
    async run(ctx, { type }) {
      const inputs =
        type === undefined ? await ctx.services.inputs.list() : await ctx.services.plumbing.inputsOfType(type);
      await ctx.reply(buildInputListMessage(inputs));
    },
  }),
  defineCommand({
    pattern: 'input show <input>',
    description: 'Show one input and its configuration (credentials masked).',
    args: inputArgs,
    async run(ctx, { input }) {
      await ctx.reply(buildInputMessage(await ctx.services.inputs.find(input)));
    },
  }),
  defineCommand({
    pattern: 'input pause <input>',
    description: 'Propose pausing an input. Posts the diff; applies after another person approves.',
    args: inputArgs,
    run: (ctx, { input }) => proposeChange(ctx, 'input.pause', { input }),
  }),
  defineCommand({
    pattern: 'input resume <input>',
    description: 'Propose resuming a paused input (same approval flow).',
    args: inputArgs,
    run: (ctx, { input }) => proposeChange(ctx, 'input.resume', { input }),
  }),
  ...inputChangeCommands,
];
