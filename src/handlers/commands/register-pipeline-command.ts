import type { App } from '@slack/bolt';
import { buildNotice } from '../blocks/help-blocks.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { sandboxAck } from '../sandbox-ack.js';
import { startCommand } from './command-ack.js';

/**
 * `/pipeline …`: parse (zod), acknowledge within Slack's 3 seconds, then run. Parse errors and help (also
 * `/pipeline help`) are answered in the acknowledgement itself; everything else acks empty first and replies when
 * done. Over HTTP the receiver has sent that same acknowledgement before Bolt ran (StrictHttpReceiver's
 * `commandAck`), and `ack` here does nothing.
 */
export function registerPipelineCommand(app: App, deps: HandlerDeps): void {
  app.command(deps.command, async ({ command, ack: slackAck, respond, client }) => {
    const ack = sandboxAck(slackAck, deps.announceSandbox);
    const start = startCommand(command, { command: deps.command, logger: deps.logger });
    if (start.kind === 'answer') {
      await ack(start.answer);
      return;
    }
    const { payload, spec, args } = start;
    await ack();
    const logger = deps.logger.child({
      command: spec.pattern,
      user: payload.user_id,
      channel: payload.channel_id,
    });
    const reply = async (message: SlackMessage) => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    };
    try {
      await spec.run(
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
        args,
      );
    } catch (error) {
      await reply(buildNotice(describeError(error, logger, { text: payload.text })));
    }
  });
}
