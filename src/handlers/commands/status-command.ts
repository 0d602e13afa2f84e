import { z } from 'zod';
import { buildStatusMessage } from '../blocks/status-blocks.js';
import { defineCommand } from './pipeline-command-spec.js';

export const statusCommand = defineCommand({
  pattern: 'status',
  description: 'Overview: inputs with their state and recent throughput, firing alerts, pending change requests.',
  args: z.object({}),
  async run(ctx) {
    // The alerts' clock decides whether a snooze still runs (the same one that set it).
    await ctx.reply(buildStatusMessage(await ctx.services.status.overview(), ctx.services.alerts.now()));
  },
});
