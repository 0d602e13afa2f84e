import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { PipeopsMetrics } from '../../src/bot/observability/metrics.js';
import { countCommandAnsweredInAck } from '../../src/bot/observability/slack-instrumentation.js';
import { createSlackApp, wireSlackApp } from '../../src/bot/slack-app.js';
import type { Services } from '../../src/services/services.js';
import { SIGNING_SECRET } from './slack-http.js';

export interface SlackHttpApp {
  app: App;
  /** Where Slack would send events, commands and interactivity: `http://127.0.0.1:<port>/slack/events`. */
  url: string;
  stop(): Promise<void>;
}

export interface SlackHttpAppOptions {
  botToken?: string;
  /** Acknowledge /pipeline commands as production does (at once, the work after); else answers wait for listeners. */
  ackCommandsEarly?: boolean;
  /** Counted as production counts (Bolt's middleware, and commands answered in the acknowledgement). */
  metrics?: PipeopsMetrics;
}

/**
 * The production Bolt app in HTTP mode on an ephemeral loopback port, for tests that send it signed requests.
 * Responses wait for the listeners (processBeforeResponse), Web API calls are not retried, and the bot ids are
 * given, so that nothing but the calls a test intercepts reaches Slack.
 */
export async function startSlackHttpApp(
  services: Services,
  logger: Logger,
  options: SlackHttpAppOptions = {},
): Promise<SlackHttpApp> {
  const { metrics } = options;
  const app = createSlackApp({
    slack: {
      mode: 'http',
      botToken: options.botToken ?? 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      port: 0,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
    },
    logger,
    // ackCommandsEarly: as production runs (answers at once, work after); else answers wait for the listeners.
    boltOptions: {
      processBeforeResponse: options.ackCommandsEarly !== true,
      clientOptions: { retryConfig: { retries: 0 } },
    },
    ...(options.ackCommandsEarly
      ? {
          ackCommandsEarly: {
            command: '/pipeline',
            ...(metrics
              ? { onAnswered: (body: Record<string, unknown>) => countCommandAnsweredInAck(metrics, body) }
              : {}),
          },
        }
      : {}),
  });
  wireSlackApp(app, { services, logger, command: '/pipeline' }, metrics ? { metrics } : undefined);
  await app.init();
  const server = (await app.start(0)) as Server;
  return {
    app,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    async stop() {
      await app.stop();
    },
  };
}
