import { App, type AppOptions, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { commandAckReply } from '../handlers/commands/command-ack.js';
import type { HandlerDeps } from '../handlers/handler-deps.js';
import { type RegisteredHandlers, registerHandlers } from '../handlers/register-handlers.js';
import type { Queryable } from '../services/db/database.js';
import type { SlackMode } from './config.js';
import { createDatabaseDeliveryLedger } from './http/database-delivery-ledger.js';
import { createMemoryDeliveryLedger } from './http/delivery-ledger.js';
import { StrictHttpReceiver } from './http/strict-http-receiver.js';
import { boltLogger } from './logger.js';
import { instrumentSlackApp, type SlackInstrumentation } from './observability/slack-instrumentation.js';

export interface SlackAppOptions {
  slack: Exclude<SlackMode, { mode: 'console' }> | { mode: 'custom'; receiver: Receiver; botToken: string };
  logger: Logger;
  /** Extra Bolt options: tests pass `processBeforeResponse` and `clientOptions: { retryConfig: { retries: 0 } }`. */
  boltOptions?: Partial<AppOptions>;
  /**
   * HTTP mode: where deliveries already taken are recorded (slack_deliveries), so that a Slack retry or a replay
   * is processed once across replicas. Without it they are remembered in this process only.
   */
  db?: Queryable;
  /**
   * HTTP mode: this slash command is acknowledged by the receiver, with what its listener would answer
   * (commandAckReply), before Bolt runs it (StrictHttpReceiver's `commandAck`); other commands get an empty ack.
   * A command whose acknowledgement is its whole answer (help, a usage error) never reaches Bolt: `onAnswered`
   * hears of it instead (metrics).
   */
  ackCommandsEarly?: {
    command: string;
    announceSandbox?: boolean;
    onAnswered?: (body: Record<string, unknown>) => void;
  };
}

/**
 * Builds the Bolt app for a transport (HTTP, Socket Mode, or a custom receiver such as the local console).
 * Listeners are registered separately (`wireSlackApp`) because the services need `app.client` first
 * (user-group lookups), and the services are what the listeners call.
 */
export function createSlackApp({ slack, logger, boltOptions = {}, db, ackCommandsEarly }: SlackAppOptions): App {
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
    // No listener reads Bolt's conversation context; its store is a lookup on every request.
    convoStore: false,
  };
  switch (slack.mode) {
    case 'http': {
      // Our receiver, not Bolt's: it verifies as strictly as Slack signs (see StrictHttpReceiver).
      const { customRoutes, processBeforeResponse, ...rest } = boltOptions;
      const receiver = new StrictHttpReceiver({
        signingSecret: slack.signingSecret,
        logger: logger.child({ component: 'slack-http' }),
        boltLogger: common.logger ?? boltLogger(logger),
        ledger: db ? createDatabaseDeliveryLedger(db) : createMemoryDeliveryLedger(),
        ...(customRoutes ? { customRoutes } : {}),
        ...(processBeforeResponse !== undefined ? { processBeforeResponse } : {}),
        ...(ackCommandsEarly
          ? {
              commandAck: (body: Record<string, unknown>) => {
                if (body.command !== ackCommandsEarly.command) return { json: undefined, answered: false };
                const reply = commandAckReply(body, { ...ackCommandsEarly, logger });
                if (reply.answered) ackCommandsEarly.onAnswered?.(body);
                return reply;
              },
            }
          : {}),
      });
      return new App({ ...common, token: slack.botToken, receiver, ...rest });
    }
    case 'socket':
      return new App({
        ...common,
        token: slack.botToken,
        appToken: slack.appToken,
        socketMode: true,
        // The socket client opens its connection with a WebClient of its own: same options (SLACK_API_URL, fetch).
        ...(boltOptions.clientOptions ? { installerOptions: { clientOptions: boltOptions.clientOptions } } : {}),
        ...boltOptions,
      });
    case 'custom':
      return new App({ ...common, token: slack.botToken, receiver: slack.receiver, ...boltOptions });
  }
}

/**
 * Registers every listener and the global error handler; with `instrumentation`, metrics and in-flight tracking.
 * Returns the Home tabs, which background work (housekeeping, alerts) refreshes after it changed what they show.
 */
export function wireSlackApp(app: App, deps: HandlerDeps, instrumentation?: SlackInstrumentation): RegisteredHandlers {
  if (instrumentation) instrumentSlackApp(app, instrumentation);
  const handlers = registerHandlers(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  return handlers;
}
