import type { App, Receiver } from '@slack/bolt';

/**
 * A Bolt receiver fed by the console instead of HTTP or a socket: `dispatch` hands a payload to the app
 * and resolves once every listener has finished, with whatever the listener passed to `ack()`.
 */
export class ConsoleReceiver implements Receiver {
  #app: App | undefined;

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async dispatch(body: Record<string, unknown>): Promise<unknown> {
    if (!this.#app) throw new Error('ConsoleReceiver used before the app was built');
    let acked: unknown;
    await this.#app.processEvent({
      body,
      ack: async (response?: unknown) => {
        acked = response;
      },
    });
    return acked;
  }
}
