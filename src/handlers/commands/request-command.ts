import { z } from 'zod';
import { MAX_DATABASE_ID } from '../../services/db/database-id.js';
import { UserError } from '../../services/user-error.js';
import { buildRequestMessage } from '../blocks/request-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';

export const requestCommand = defineCommand({
  pattern: 'request <id>',
  description:
    'Show one change request whole: status, who, approvals, timeline, preview and the full diff: `request #12`.',
  args: z.object({
    id: z
      .string()
      .regex(/^#?[1-9]\d{0,9}$/, 'must be a request number such as #12')
      .transform((text) => Number(text.replace(/^#/, '')))
      .refine((id) => id <= MAX_DATABASE_ID, 'is larger than any request number'),
  }),
  async run(ctx, { id }) {
    const request = await ctx.services.changes.get(id);
    if (!request) throw new UserError('change_not_found', `There is no change request \`#${id}\`.`);
    const history = (await ctx.services.audit.list({ resource: `#${id}`, limit: 200 })).reverse();
    await ctx.reply(buildRequestMessage(request, history));
  },
});
