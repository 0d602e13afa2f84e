import type { App } from '@slack/bolt';
import { z } from 'zod';
import { buildNotice, buildUsageError } from '../blocks/help-blocks.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { sandboxAck } from '../sandbox-ack.js';
import { SlackUserId } from '../slack-ids.js';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../storable-text.js';
import { parseCommand } from './command-grammar.js';
import { buildPipelineHelp, pipelineCommands } from './pipeline-commands.js';
import { tokenize } from './tokenize.js';

const CommandPayload = z.object({
  text: z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
  user_id: SlackUserId,
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1).optional(),
});

/**
 * `/pipeline …`: parse (zod), acknowledge within Slack's 3 seconds, then run. Parse errors and help (also
 * `/pipeline help`) are answered in the acknowledgement itself; everything else acks empty first and replies when
 * done.
 */
export function registerPipelineCommand(app: App, deps: HandlerDeps): void {
  app.command(deps.command, async ({ command, ack: slackAck, respond, client }) => {
    const ack = sandboxAck(slackAck, deps.announceSandbox);
    const received = CommandPayload.safeParse(command);
    if (!received.success) {
      deps.logger.warn({ issues: received.error.issues }, 'malformed slash command payload');
      // Our own messages (the schema's), never the payload's text: safe to show as they are.
      const problems = received.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
      await ack({
        response_type: 'ephemeral',
        text: `:warning: That command arrived malformed (${problems}); nothing was done.`,
      });
      return;
    }
    const payload = received.data;
    const tokens = tokenize(payload.text);
    if (tokens.length === 0) {
      await ack({ response_type: 'ephemeral', ...buildPipelineHelp(deps.command) });
      return;
    }
    const parsed = parseCommand(pipelineCommands, tokens, deps.command);
    if (!parsed.ok) {
      await ack({
        response_type: 'ephemeral',
        ...buildUsageError(parsed.error, parsed.usages, `${deps.command} help`),
      });
      return;
    }
    if (parsed.spec.answerInAck) {
      await ack({ response_type: 'ephemeral', ...parsed.spec.answerInAck(deps.command) });
      return;
    }
    await ack();
    const logger = deps.logger.child({
      command: parsed.spec.pattern,
      user: payload.user_id,
      channel: payload.channel_id,
    });
    const reply = async (message: SlackMessage) => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    };
    try {
      await parsed.spec.run(
        {
          userId: payload.user_id,
          channelId: payload.channel_id,
          command: deps.command,
          ...(payload.trigger_id ? { triggerId: payload.trigger_id } : {}),
          services: deps.services,
          client,
          logger,
          reply,
        },
        parsed.args,
      );
    } catch (error) {
      await reply(buildNotice(describeError(error, logger, { text: payload.text })));
    }
  });
}
