import { z } from 'zod';
import { CronSchema } from '../../services/changes/kinds/consolidation-kinds.js';
import { checkCron } from '../../services/consolidations/cron-schedule.js';
import { buildConsolidationListMessage, buildConsolidationMessage } from '../blocks/consolidation-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

const event = z.string().min(1);

/** `cron "<expr>"` and `custom-variables`, in any order, after `consolidation create <event>`. */
const CreateOptionsArg = z.string().transform((text, ctx) => {
  const match = /^(?:(custom-variables)\s*)?(?:cron\s+(.+?))?\s*(custom-variables)?$/i.exec(text.trim());
  if (!match || (!match[1] && !match[2] && !match[3])) {
    ctx.addIssue({ code: 'custom', message: `expected cron "<expression>" and/or custom-variables, got \`${text}\`` });
    return z.NEVER;
  }
  const cron = match[2];
  if (cron !== undefined) {
    const check = checkCron(cron);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.problem });
      return z.NEVER;
    }
  }
  return { ...(cron ? { cron } : {}), customVariables: !!(match[1] ?? match[3]) };
});

export const consolidationCommands = [
  defineCommand({
    pattern: 'consolidation list',
    example: 'consolidation list',
    description:
      'List the scheduled consolidation queries: state (error, active, running), schedule in words, query type, last and next run, errors.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildConsolidationListMessage(await ctx.services.consolidations.list()));
    },
  }),
  defineCommand({
    pattern: 'consolidation show <event>',
    example: 'consolidation show SOURCE_TWO.TABLE_ONE',
    description: "Show an event type's consolidation query, with its last error and generated SQL.",
    args: z.object({ event }),
    async run(ctx, { event: name }) {
      await ctx.reply(buildConsolidationMessage(await ctx.services.consolidations.show(name)));
    },
  }),
  defineCommand({
    pattern: 'consolidation create <event>',
    example: 'consolidation create PUBLIC.ORDERS',
    description:
      'Propose a consolidation query for an event type, every 15 minutes (UTC); the card shows the next three runs.',
    args: z.object({ event }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.create', a),
  }),
  defineCommand({
    pattern: 'consolidation create <event> <options...>',
    example: 'consolidation create PUBLIC.ORDERS cron "0 * * * *" custom-variables',
    description:
      'The same with `cron "<expression>"` (five fields, UTC) and/or `custom-variables` (managealooma\'s variables for sources that are not databases).',
    args: z.object({ event, options: CreateOptionsArg }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.create', { event: a.event, ...a.options }),
  }),
  defineCommand({
    pattern: 'consolidation cron <event> <cron...>',
    example: 'consolidation cron PUBLIC.USERS "0 */2 * * *"',
    description:
      'Propose a new schedule, applied as delete + create under one approval; if the create fails, pipeops reads the query again and recreates the old one when none is left; the card says which happened.',
    args: z.object({ event, cron: CronSchema }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.cron', a),
  }),
  defineCommand({
    pattern: 'consolidation remove <event>',
    example: 'consolidation remove PUBLIC.USERS',
    description:
      'Propose removing the consolidation query of an event type (destructive: two approvals); the card says what stops.',
    args: z.object({ event }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.remove', a),
  }),
];
