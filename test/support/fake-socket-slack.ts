import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Socket Mode against a local stand-in for Slack's socket endpoint: apps.connections.open (nock, or the local Slack
 * of test/support/local-slack.ts) hands out a ws:// URL on loopback, where the test plays Slack: hello, then
 * envelopes, and it reads the app's acks.
 */
export class FakeSocketSlack {
  readonly server: WebSocketServer;
  socket: WebSocket | null = null;
  readonly acks = new Map<string, unknown>();
  #connected: (() => void) | null = null;
  readonly connected = new Promise<void>((done) => {
    this.#connected = done;
  });

  constructor() {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        this.acks.set(message.envelope_id, message.payload ?? null);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
      this.#connected?.();
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Sends an envelope and waits for the app's ack of it. */
  async deliver(type: 'slash_commands' | 'interactive', payload: object, id: string): Promise<unknown> {
    this.socket?.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: true }));
    const deadline = Date.now() + 10_000;
    while (!this.acks.has(id)) {
      if (Date.now() > deadline) throw new Error(`no ack for ${id}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.acks.get(id);
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((done) => this.server.close(() => done()));
  }
}
