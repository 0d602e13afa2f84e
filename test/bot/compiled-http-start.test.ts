import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accepts, until } from '../support/compiled-bot.js';
import { freePort } from '../support/free-port.js';
import { startLocalSlack } from '../support/local-slack.js';
import { SIGNING_SECRET, sendSlashCommand } from '../support/slack-http.js';

const repoRoot = new URL('../../', import.meta.url).pathname;

describe('the compiled bot (node dist/bundle/main.js) in HTTP mode, with SLACK_API_URL pointing at a local Slack', () => {
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
    bot = spawn(process.execPath, [join(repoRoot, 'dist/bundle/main.js')], {
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
    await slack.close();
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
    // PIPEOPS_SANDBOX=1: the card says so in its fallback text and in a banner block on top.
    expect(form.get('text')).toMatch(/^\[SANDBOX\] /);
    expect(JSON.parse(form.get('blocks') ?? '[]')[0]).toMatchObject({ block_id: 'pipeops_sandbox_banner' });
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
    expect(JSON.parse(reply.body)).toMatchObject({ text: expect.stringMatching(/^\[SANDBOX\] /) });
    expect(reply.body).toContain('*SANDBOX*');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((done) => bot.once('exit', (code) => done(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
