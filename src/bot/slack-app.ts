import { App, type AppOptions, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { HandlerDeps } from '../handlers/handler-deps.js';
import { registerHandlers } from '../handlers/register-handlers.js';
import type { SlackMode } from './config.js';
import { boltLogger } from './logger.js';

export interface SlackAppOptions {
  slack: Exclude<SlackMode, { mode: 'console' }> | { mode: 'custom'; receiver: Receiver; botToken: string };
  logger: Logger;
  /** Extra Bolt options: tests pass `processBeforeResponse` and `clientOptions: { retryConfig: { retries: 0 } }`. */
  boltOptions?: Partial<AppOptions>;
}

/**
 * Builds the Bolt app for a transport (HTTP, Socket Mode, or a custom receiver such as the local console).
 * Listeners are registered separately (`wireSlackApp`) because the services need `app.client` first
 * (user-group lookups), and the services are what the listeners call.
 */
export function createSlackApp({ slack, logger, boltOptions = {} }: SlackAppOptions): App {
  const botId = boltOptions.botId ?? ('botId' in slack ? slack.botId : undefined);
  const botUserId = boltOptions.botUserId ?? ('botUserId' in slack ? slack.botUserId : undefined);
  const common: AppOptions = {
    logger: boltLogger(logger),
    // Without botId/botUserId Bolt calls auth.test in its constructor, where a failure is an unhandled
    // rejection; deferred, it happens in `await app.init()`, which every caller runs before start().
    deferInitialization: true,
    ...(botId ? { botId } : {}),
    ...(botUserId ? { botUserId } : {}),
    // With both ids known auth.test would tell us nothing; without them init() verifies the token.
    tokenVerificationEnabled: !(botId && botUserId),
  };
  switch (slack.mode) {
    case 'http':
      return new App({ ...common, token: slack.botToken, signingSecret: slack.signingSecret, ...boltOptions });
    case 'socket':
      return new App({ ...common, token: slack.botToken, appToken: slack.appToken, socketMode: true, ...boltOptions });
    case 'custom':
      return new App({ ...common, token: slack.botToken, receiver: slack.receiver, ...boltOptions });
  }
}

/** Registers every listener and the global error handler. */
export function wireSlackApp(app: App, deps: HandlerDeps): void {
  registerHandlers(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}
