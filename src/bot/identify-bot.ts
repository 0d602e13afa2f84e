import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { boltLogger } from './logger.js';

/** The bot token could not be verified with Slack: the message says why and what to check. */
export class SlackTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackTokenError';
  }
}

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/**
 * Verifies the bot token with `auth.test` once at start and returns the ids Bolt needs. Done here, with a few
 * quick retries, because Bolt's own start-up check shares the app client's retry policy (about 30 minutes of
 * retries) and would leave a misconfigured or offline bot hanging instead of saying what is wrong.
 */
export async function identifyBot(
  token: string,
  logger: Logger,
  clientOptions: webApi.WebClientOptions = {},
): Promise<BotIdentity> {
  const client = new webApi.WebClient(token, {
    retryConfig: { retries: 2, factor: 2, minTimeout: 500 },
    timeout: 10_000,
    logger: boltLogger(logger),
    ...clientOptions,
  });
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    if (typeof code === 'string') {
      throw new SlackTokenError(`Slack refused SLACK_BOT_TOKEN (${code}): check the Bot User OAuth Token.`, {
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new SlackTokenError(`Cannot reach Slack to verify SLACK_BOT_TOKEN (auth.test): ${reason}`, { cause: error });
  }
  if (!result.bot_id || !result.user_id) {
    throw new SlackTokenError(
      'SLACK_BOT_TOKEN is not a bot token: auth.test returned no bot id (use the xoxb- token).',
    );
  }
  return { botId: result.bot_id, botUserId: result.user_id };
}
