/**
 * A local stand-in for Slack's side of a bot, for benchmarks: the Web API (`/api/<method>`, what SLACK_API_URL
 * points at), response_url replies (`/response/<n>`) and file uploads (`/upload/<id>`). Every method answers
 * `ok: true` at once; each call is recorded with its arrival time (performance.now() of this process), so a
 * benchmark can tell how long after its request the bot's call arrived.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface FakeSlackCall {
  /** `chat.postMessage`, `response` (a response_url reply) or `upload`. */
  method: string;
  /** The `channel` (Web API) or the response_url's number: what a benchmark matches calls to requests by. */
  key: string;
  arrivedAt: number;
}

export interface FakeSlackApi {
  /** For SLACK_API_URL, ending in `/api/`. */
  readonly apiUrl: string;
  /** A response_url for request `n`. */
  responseUrl(n: number): string;
  readonly calls: FakeSlackCall[];
  callsOf(method: string): FakeSlackCall[];
  clear(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The `channel` of a Web API call, sent as a form (the WebClient's default) or as JSON. */
function channelOf(body: string): string {
  if (body.startsWith('{')) {
    const channel = (JSON.parse(body) as { channel?: unknown; channel_id?: unknown }).channel;
    return typeof channel === 'string' ? channel : '';
  }
  const form = new URLSearchParams(body);
  return form.get('channel') ?? form.get('channel_id') ?? '';
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: FakeSlackCall[] = [];
  let ts = 1_800_000_000;
  let base = '';
  const answer = (method: string): Record<string, unknown> => {
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: 'C0BENCH', ts: `${++ts}.000100` };
      case 'chat.update':
        return { ok: true, channel: 'C0BENCH', ts: `${ts}.000100` };
      case 'files.getUploadURLExternal':
        return { ok: true, upload_url: `${base}/upload/${ts}`, file_id: `F${ts}` };
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: `F${ts}`, title: 'file' }] };
      case 'auth.test':
        return { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0BENCH' };
      default:
        return { ok: true };
    }
  };
  const server = createServer(async (req, res) => {
    const arrivedAt = performance.now();
    const body = await readBody(req);
    const path = req.url ?? '/';
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length).split('?')[0] ?? '';
      calls.push({ method, key: channelOf(body), arrivedAt });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(method)));
    } else if (path.startsWith('/response/')) {
      calls.push({ method: 'response', key: path.slice('/response/'.length), arrivedAt });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else if (path.startsWith('/upload/')) {
      calls.push({ method: 'upload', key: path.slice('/upload/'.length), arrivedAt });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - 42');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (n) => `${base}/response/${n}`,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    clear: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
