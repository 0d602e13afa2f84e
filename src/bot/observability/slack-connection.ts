import type { App } from '@slack/bolt';

interface ConnectionEvents {
  on(event: string, listener: () => void): unknown;
}

/**
 * Whether the app's Socket Mode connection is up, from its SocketModeClient's lifecycle events (`connected`,
 * `reconnecting`, `disconnected`). Bolt keeps its receiver private, so it is reached by name; an app without one
 * (HTTP mode, a custom receiver) gets null.
 */
export function socketModeConnection(app: App): (() => boolean) | null {
  const client = (app as unknown as { receiver?: { client?: ConnectionEvents } }).receiver?.client;
  if (!client || typeof client.on !== 'function') return null;
  let connected = false;
  client.on('connected', () => {
    connected = true;
  });
  for (const down of ['connecting', 'reconnecting', 'disconnecting', 'disconnected']) {
    client.on(down, () => {
      connected = false;
    });
  }
  return () => connected;
}
