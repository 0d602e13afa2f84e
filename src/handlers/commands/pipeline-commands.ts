import { z } from 'zod';
import { deepFreeze } from '../../services/deep-freeze.js';
import { buildHelpMessage } from '../blocks/help-blocks.js';
import { auditCommand } from './audit-command.js';
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
  pattern: 'help',
  description: 'This list.',
  args: z.object({}),
  answerInAck: (command) => buildPipelineHelp(command),
  async run(ctx) {
    await ctx.reply(buildPipelineHelp(ctx.command));
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

/** Help is the same for every request: built once per command name (frozen, since every answer shares it). */
const helpByCommand = new Map<string, ReturnType<typeof buildHelpMessage>>();

export function buildPipelineHelp(command: string) {
  let help = helpByCommand.get(command);
  if (!help) {
    help = deepFreeze(pipelineHelp(command));
    helpByCommand.set(command, help);
  }
  return help;
}

function pipelineHelp(command: string) {
  return buildHelpMessage(
    pipelineCommands.map((c) => ({
      usage: `${command} ${c.pattern}`,
      description: c.description,
      family: c.pattern.split(' ')[0] ?? '',
    })),
    'Changes are dry runs first: the card shows the diff, and nothing happens until someone other than the requester presses Approve.',
  );
}
