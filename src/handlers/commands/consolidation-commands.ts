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
    description: 'List the scheduled consolidation queries: schedule, state, last and next run, errors.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildConsolidationListMessage(await ctx.services.consolidations.list()));
    },
  }),
  defineCommand({
    pattern: 'consolidation show <event>',
    description: 'Show the consolidation query of an event type.',
    args: z.object({ event }),
    async run(ctx, { event: name }) {
      await ctx.reply(buildConsolidationMessage(await ctx.services.consolidations.show(name)));
    },
  }),
  defineCommand({
    pattern: 'consolidation create <event>',
    description: 'Propose a consolidation query every 15 minutes (UTC) for an event type.',
    args: z.object({ event }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.create', a),
  }),
  defineCommand({
    pattern: 'consolidation create <event> <options...>',
    description:
      'The same with a schedule and/or managealooma\'s custom variables for non-database sources: `consolidation create PUBLIC.ORDERS cron "0 * * * *" custom-variables`.',
    args: z.object({ event, options: CreateOptionsArg }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.create', { event: a.event, ...a.options }),
  }),
  defineCommand({
    pattern: 'consolidation cron <event> <cron...>',
    description:
      'Propose a new schedule: `consolidation cron PUBLIC.USERS "0 */2 * * *"` (applied as delete + create).',
    args: z.object({ event, cron: CronSchema }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.cron', a),
  }),
  defineCommand({
    pattern: 'consolidation remove <event>',
    description: 'Propose removing the consolidation query of an event type (destructive: two approvals).',
    args: z.object({ event }),
    run: (ctx, a) => proposeChange(ctx, 'consolidation.remove', a),
  }),
];
