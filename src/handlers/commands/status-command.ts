import { z } from 'zod';
import { buildStatusMessage } from '../blocks/status-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';

export const statusCommand = defineCommand({
  pattern: 'status',
  description: 'Overview: inputs with their state and recent throughput, firing alerts, pending change requests.',
  args: z.object({}),
  async run(ctx) {
    await ctx.reply(buildStatusMessage(await ctx.services.status.overview()));
  },
});
