import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, sendSlashCommand } from '../support/slack-http.js';

const repoRoot = new URL('../../', import.meta.url).pathname;

interface Call {
  path: string;
  body: string;
}

/** Slack's side on loopback: every Web API method answers ok (auth.test with the bot's ids), calls are recorded. */
async function startLocalSlack(): Promise<{ server: Server; base: string; calls: Call[] }> {
  const calls: Call[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const path = req.url ?? '/';
    calls.push({ path, body });
    const answer =
      path === '/api/auth.test'
        ? { ok: true, user_id: 'U0LOCALBOT', bot_id: 'B0LOCALBOT', team_id: 'T0TEST' }
        : path === '/api/chat.postMessage'
          ? { ok: true, channel: 'C0DATAOPS', ts: '1800000000.000100' }
          : { ok: true };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

const accepts = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('the compiled bot (node dist/bot/main.js) in HTTP mode, with SLACK_API_URL pointing at a local Slack', () => {
  let slack: Awaited<ReturnType<typeof startLocalSlack>>;
  let dataDir: string;
  let bot: ChildProcess;
  let stderr = '';
  let url: string;

  beforeAll(async () => {
    slack = await startLocalSlack();
    dataDir = await mkdtemp(join(tmpdir(), 'pipeops-compiled-http-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}/slack/events`;
    bot = spawn(process.execPath, [join(repoRoot, 'dist/bot/main.js')], {
      // The data directory as working directory, so that no .env of the checkout is read.
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: 'xoxb-local',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slack.base}/api`,
        PORT: String(port),
        PIPEOPS_DATA_DIR: join(dataDir, 'data'),
        // The embedded sandbox pipeline, on purpose.
        PIPEOPS_SANDBOX: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    bot.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const deadline = Date.now() + 30_000;
    while (!(await accepts(port))) {
      if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`the bot did not listen within 30 s: ${stderr}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  });

  afterAll(async () => {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    await new Promise((done) => slack.server.close(done));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verified its token with auth.test at the local Slack before listening', () => {
    expect(slack.calls.map((call) => call.path)).toContain('/api/auth.test');
  });

  it("posts a change request's card through the local Web API", async () => {
    const ack = await sendSlashCommand(url, {
      user: 'UALICE',
      text: 'input pause mixpanel_engage_one',
      channel: 'C0LOCAL',
      responseUrl: `${slack.base}/response/1`,
    });
    expect(ack.status).toBe(200);
    const post = await until(
      () => slack.calls.find((call) => call.path === '/api/chat.postMessage'),
      'chat.postMessage at the local Slack',
    );
    const form = new URLSearchParams(post.body);
    expect(form.get('channel')).toBe('C0LOCAL');
    expect(form.get('text')).toContain('Pause input mixpanel_engage_one');
  });

  it('replies to a command through its response_url', async () => {
    const ack = await sendSlashCommand(url, {
      user: 'UALICE',
      text: 'input list',
      channel: 'C0LOCAL',
      responseUrl: `${slack.base}/response/2`,
    });
    expect(ack.status).toBe(200);
    const reply = await until(() => slack.calls.find((call) => call.path === '/response/2'), 'the response_url reply');
    expect(reply.body).toContain('mixpanel_engage_one');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((done) => bot.once('exit', (code) => done(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
