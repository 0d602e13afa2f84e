import { z } from 'zod';
import { buildEventTypeListMessage, buildEventTypeMessage } from '../blocks/event-type-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

/** Event-type commands (managealooma Events). Names may hold spaces: the rest of the line, or a quoted word. */
const event = z.string().min(1);

export const eventCommands = [
  defineCommand({
    pattern: 'event list [input]',
    description:
      'List the event types (input, mapping mode, state, table, consolidation keys), or those of one input label.',
    args: z.object({ input: z.string().min(1).optional() }),
    async run(ctx, { input }) {
      await ctx.reply(buildEventTypeListMessage(await ctx.services.eventTypes.list(input), input));
    },
  }),
  defineCommand({
    pattern: 'event show <event...>',
    description: 'Show one event type: input, mode, table, consolidation, and its unmapped fields.',
    args: z.object({ event }),
    async run(ctx, args) {
      await ctx.reply(buildEventTypeMessage(await ctx.services.eventTypes.show(args.event), ctx.command));
    },
  }),
  defineCommand({
    pattern: 'event clear-stats <event...>',
    description: 'Propose removing an event type’s unmapped fields and clearing its stats; the card lists the fields.',
    args: z.object({ event }),
    run: (ctx, args) => proposeChange(ctx, 'event.clear-stats', args),
  }),
  defineCommand({
    pattern: 'event delete <event...>',
    description:
      'Propose DELETING an event type (destructive: two approvals); the card shows its mapping and consolidation.',
    args: z.object({ event }),
    run: (ctx, args) => proposeChange(ctx, 'event.delete', args),
  }),
];
