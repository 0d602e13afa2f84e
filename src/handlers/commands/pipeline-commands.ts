import { z } from 'zod';
import type { SlackMessage } from '../blocks/slack-types.js';
import { auditCommand } from './audit-command.js';
import { commandHelp } from './command-help.js';
import { consolidationCommands } from './consolidation-commands.js';
import { ddlCommands } from './ddl-commands.js';
import { defaultModeCommands } from './default-mode-commands.js';
import { driftCommands } from './drift-commands.js';
import { eventCommands } from './event-commands.js';
import { inputCommands } from './input-commands.js';
import { mappingCommands } from './mapping-commands.js';
import { defineCommand, type PipelineCommand } from './pipeline-command-spec.js';
import { requestCommand } from './request-command.js';
import { revertCommands } from './revert-commands.js';
import { sampleCommands } from './sample-commands.js';
import { secretCommands } from './secret-commands.js';
import { statusCommand } from './status-command.js';
import { systemCommands } from './system-commands.js';
import { transformCommands } from './transform-commands.js';

const helpCommand = defineCommand({
  pattern: 'help [topic]',
  description:
    'The command families, one line each; with a family (`help input`) its commands, with `all` every command.',
  example: 'help mapping',
  args: z.object({ topic: z.string().min(1).optional() }),
  answerInAck: (command, { topic }) => buildPipelineHelp(command, topic),
  async run(ctx, { topic }) {
    await ctx.reply(buildPipelineHelp(ctx.command, topic));
  },
});

/** Every /pipeline subcommand, in the order help lists them. */
export const pipelineCommands: readonly PipelineCommand[] = [
  statusCommand,
  ...inputCommands,
  ...eventCommands,
  ...defaultModeCommands,
  ...systemCommands,
  ...mappingCommands,
  ...consolidationCommands,
  ...ddlCommands,
  ...transformCommands,
  ...secretCommands,
  ...sampleCommands,
  ...revertCommands,
  ...driftCommands,
  requestCommand,
  auditCommand,
  helpCommand,
];

let help: ReturnType<typeof commandHelp> | undefined;

/** Help on /pipeline's commands: the overview, or one topic's (a family, or `all`); see command-help.ts. */
export function buildPipelineHelp(command: string, topic?: string): SlackMessage {
  help ??= commandHelp(pipelineCommands);
  return help(command, topic);
}
