import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSlackCall {
  path: string;
  body: string;
  /** What the local Slack answered (for chat.postMessage: the `channel` and `ts` of the new message). */
  answer: Record<string, unknown>;
}

export interface LocalSlack {
  server: Server;
  /** `http://127.0.0.1:<port>`: SLACK_API_URL is `<base>/api`, response URLs `<base>/response/<n>`. */
  base: string;
  calls: LocalSlackCall[];
  close(): Promise<void>;
}

/**
 * Slack's side on loopback for a bot in another process (SLACK_API_URL): every Web API method answers ok (auth.test
 * with the bot's ids; apps.connections.open with `socketUrl`, for Socket Mode), every request is recorded.
 */
export async function startLocalSlack(options: { socketUrl?: () => string } = {}): Promise<LocalSlack> {
  const calls: LocalSlackCall[] = [];
  let messages = 0;
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const path = req.url ?? '/';
    // Each new message gets its own ts, in the channel it was posted to (as Slack answers).
    const postedTo = () => new URLSearchParams(body).get('channel') ?? 'C0DATAOPS';
    const answer =
      path === '/api/auth.test'
        ? { ok: true, user_id: 'U0LOCALBOT', bot_id: 'B0LOCALBOT', team_id: 'T0TEST' }
        : path === '/api/chat.postMessage'
          ? { ok: true, channel: postedTo(), ts: `1800000000.${String(++messages).padStart(6, '0')}` }
          : path === '/api/apps.connections.open' && options.socketUrl
            ? { ok: true, url: options.socketUrl() }
            : { ok: true };
    calls.push({ path, body, answer });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
