import { z } from 'zod';
import { formatStepList } from '../../services/transform-tests/step-text.js';
import { buildFunctionsMessage, buildStepsMessage } from '../blocks/transform-steps-blocks.js';
import { buildTransformTestMessage } from '../blocks/transform-test-blocks.js';
import { openStepsEditor } from '../views/open-steps-editor.js';
import { defineCommand } from './pipeline-command-spec.js';

/** Event-type names may hold spaces (`storefront/checkout completed`): the rest of the line, or a quoted word. */
const eventArgs = z.object({ event: z.string().min(1) });

export const transformCommands = [
  defineCommand({
    pattern: 'transform test <event...>',
    description:
      'Run the event type’s samples through its current transform steps (in the pipeline) and show, per sample, what changed.',
    args: eventArgs,
    async run(ctx, { event }) {
      await ctx.reply(buildTransformTestMessage(await ctx.services.transforms.test(event), ctx.command));
    },
  }),
  defineCommand({
    pattern: 'transform show <event...>',
    description: 'Show the transform steps of an event type.',
    args: eventArgs,
    async run(ctx, { event }) {
      const steps = await ctx.services.transforms.steps(event);
      await ctx.reply(buildStepsMessage(event, formatStepList(steps), steps.length, ctx.command));
    },
  }),
  defineCommand({
    pattern: 'transform set <event...>',
    description:
      'Edit the transform steps of an event type in a dialog; proposes the change (diff + effect on samples) for approval.',
    args: eventArgs,
    run: (ctx, { event }) => openStepsEditor(ctx, event),
  }),
  defineCommand({
    pattern: 'transform functions',
    description: 'List the functions a transform step can use, with their arguments.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildFunctionsMessage(ctx.services.transforms.functions()));
    },
  }),
];
