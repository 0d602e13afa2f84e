import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Services } from '../../services/services.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import type { SlackClient } from '../handler-deps.js';
import type { CommandSpec } from './command-grammar.js';

/** What a /pipeline subcommand runs with, once Slack's request has been acknowledged. */
export interface CommandContext {
  userId: string;
  channelId: string;
  /** The slash command as registered (`/pipeline`), for hints in replies. */
  command: string;
  /** Slack's trigger for opening a modal: valid 3 seconds, once (absent when the payload had none). */
  triggerId?: string;
  services: Services;
  client: SlackClient;
  logger: Logger;
  /** Replies only to the user who typed the command. */
  reply(message: SlackMessage): Promise<void>;
}

export interface PipelineCommand<Args = unknown> extends CommandSpec<Args> {
  run(ctx: CommandContext, args: Args): Promise<void>;
  /**
   * For answers that need neither the pipeline nor the database (help): the message, sent in the acknowledgement
   * itself instead of a later response_url post. `run` is then not called. Best the same object each time
   * (memoised): its serialisation is then kept too (commandAckJson).
   */
  answerInAck?(command: string, args: Args): SlackMessage;
}

/** Keeps each command's args type checked against its schema, then erases it for the table. */
export function defineCommand<Schema extends z.ZodType>(command: {
  pattern: string;
  description: string;
  example?: string;
  args: Schema;
  run(ctx: CommandContext, args: z.infer<Schema>): Promise<void>;
  answerInAck?(command: string, args: z.infer<Schema>): SlackMessage;
}): PipelineCommand {
  return command as unknown as PipelineCommand;
}
