import type { Logger } from 'pino';
import { z } from 'zod';
import { buildUsageError } from '../blocks/help-blocks.js';
import { withSandboxBanner } from '../blocks/sandbox-banner.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import { SlackUserId } from '../slack-ids.js';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../storable-text.js';
import { parseCommand } from './command-grammar.js';
import type { PipelineCommand } from './pipeline-command-spec.js';
import { buildPipelineHelp, pipelineCommands } from './pipeline-commands.js';
import { tokenize } from './tokenize.js';

const CommandPayload = z.object({
  text: z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
  user_id: SlackUserId,
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1).optional(),
});

export type CommandPayload = z.infer<typeof CommandPayload>;

type AnswerMessage = { text: string; blocks?: SlackMessage['blocks'] };

/** An ephemeral answer carried by the acknowledgement itself. */
export type AckAnswer = { response_type: 'ephemeral'; text: string; blocks?: SlackMessage['blocks'] };

/** What a `/pipeline …` request comes to before anything runs. */
export type CommandStart =
  /** Answered in the acknowledgement (help, a usage error, a malformed payload); nothing runs. */
  | { kind: 'answer'; answer: AckAnswer; message: AnswerMessage }
  /** Acknowledged empty, then `spec.run(args)` replies when done. */
  | { kind: 'run'; payload: CommandPayload; spec: PipelineCommand; args: unknown };

export interface CommandAckOptions {
  /** The command name as registered in the manifest (`/pipeline`). */
  command: string;
  /** Told about a malformed payload. */
  logger?: Logger;
}

/**
 * Parses a slash command (zod, then the grammar) and decides what its acknowledgement says. Pure and cheap (the
 * help message is built once): the listener uses it, and so does the HTTP receiver, which acknowledges commands
 * before Bolt runs (see StrictHttpReceiver's `commandAck`).
 */
export function startCommand(command: unknown, { command: name, logger }: CommandAckOptions): CommandStart {
  const received = CommandPayload.safeParse(command);
  if (!received.success) {
    logger?.warn({ issues: received.error.issues }, 'malformed slash command payload');
    // Our own messages (the schema's), never the payload's text: safe to show as they are.
    const problems = received.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
    return answer({ text: `:warning: That command arrived malformed (${problems}); nothing was done.` });
  }
  const payload = received.data;
  const tokens = tokenize(payload.text);
  if (tokens.length === 0) return answer(buildPipelineHelp(name));
  const parsed = parseCommand(pipelineCommands, tokens, name);
  if (!parsed.ok) return answer(buildUsageError(parsed.error, parsed.usages, `${name} help`));
  if (parsed.spec.answerInAck) return answer(parsed.spec.answerInAck(name, parsed.args));
  return { kind: 'run', payload, spec: parsed.spec, args: parsed.args };
}

/**
 * Acknowledgements serialised, by the message they were made of: a message built once (help, the largest answer
 * there is) is serialised once; one built per request (a usage error) is simply never met again.
 */
const serialised = new WeakMap<object, { plain?: string; sandbox?: string }>();

/** A command's acknowledgement as a receiver that acknowledges before Bolt runs sends it. */
export interface CommandAckReply {
  /** The HTTP body, JSON; undefined for an empty acknowledgement. */
  json: string | undefined;
  /** The acknowledgement is the whole answer (help, a usage error, a malformed payload): nothing is left to run. */
  answered: boolean;
}

/**
 * The acknowledgement of a command, for a receiver that acknowledges before Bolt runs: the answer (with the SANDBOX
 * banner when Slack runs against the sandbox) when the acknowledgement is all there is to it, else an empty one.
 */
export function commandAckReply(
  command: unknown,
  options: { command: string; announceSandbox?: boolean; logger?: Logger },
): CommandAckReply {
  const start = startCommand(command, options);
  if (start.kind === 'run') return { json: undefined, answered: false };
  const variant = options.announceSandbox ? 'sandbox' : 'plain';
  const cached = serialised.get(start.message);
  const known = cached?.[variant];
  if (known !== undefined) return { json: known, answered: true };
  const json = JSON.stringify(options.announceSandbox ? withSandboxBanner(start.answer) : start.answer);
  serialised.set(start.message, { ...cached, [variant]: json });
  return { json, answered: true };
}

function answer(message: AnswerMessage): CommandStart {
  return { kind: 'answer', answer: { response_type: 'ephemeral', ...message }, message };
}
