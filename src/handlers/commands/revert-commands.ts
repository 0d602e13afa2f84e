import { z } from 'zod';
import { MAX_DATABASE_ID } from '../../services/db/database-id.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

/** `#12` or `12`: a change request id as typed. */
const RequestIdArg = z
  .string()
  .regex(/^#?[1-9]\d{0,9}$/, 'give a change request id, like #12')
  .transform((text) => Number(text.replace('#', '')))
  .refine((id) => id <= MAX_DATABASE_ID, 'that is larger than any change request id');

export const revertCommands = [
  defineCommand({
    pattern: 'revert <request>',
    description:
      'Propose undoing an applied change request (#id): a new request from the resource as it is now back to its state before, approved as usual.',
    example: 'revert #12',
    args: z.object({ request: RequestIdArg }),
    async run(ctx, { request }) {
      const proposal = await ctx.services.reverts.plan(request);
      await proposeChange(ctx, proposal.kind, proposal.params);
    },
  }),
];
