import { z } from 'zod';
import { buildAuditMessage } from '../blocks/audit-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';

export const auditCommand = defineCommand({
  pattern: 'audit [resource]',
  description: 'Recent audit entries: every proposal, approval, refusal and outcome. Filter by resource name or #id.',
  args: z.object({ resource: z.string().min(1).optional() }),
  async run(ctx, { resource }) {
    const entries = await ctx.services.audit.list({ ...(resource ? { resource } : {}), limit: 20 });
    await ctx.reply(buildAuditMessage(entries, resource));
  },
});
