import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../src/services/db/data-dir-lock.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { accepts, type CompiledBot, spawnCompiledBot, until } from '../support/compiled-bot.js';
import { ConsoleDriver, consoleEnv } from '../support/console-driver.js';
import { FakeSocketSlack } from '../support/fake-socket-slack.js';
import { freePort } from '../support/free-port.js';
import { type LocalSlack, startLocalSlack } from '../support/local-slack.js';
import { type PrometheusExposition, parsePrometheusText, samplesOf } from '../support/prometheus-text.js';
import { SIGNING_SECRET, sendButtonClick, sendSlashCommand } from '../support/slack-http.js';

/** The families the operator endpoint promises (README, Health and metrics), beyond prom-client's process metrics. */
const PIPEOPS_FAMILIES = {
  pipeops_slack_requests_total: 'counter',
  pipeops_slack_ack_seconds: 'histogram',
  pipeops_slack_requests_in_flight: 'gauge',
  pipeops_change_transitions_total: 'counter',
  pipeops_change_refusals_total: 'counter',
  pipeops_pipeline_calls_total: 'counter',
  pipeops_pipeline_call_seconds: 'histogram',
  pipeops_alert_evaluations_total: 'counter',
  pipeops_alert_runs_total: 'counter',
  pipeops_alert_transitions_total: 'counter',
  pipeops_alerts_firing: 'gauge',
  pipeops_db_seconds: 'histogram',
  process_cpu_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
};

async function scrape(base: string): Promise<PrometheusExposition> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const exposition = parsePrometheusText(await response.text());
  expect(Object.fromEntries([...exposition.types].filter(([name]) => name in PIPEOPS_FAMILIES))).toEqual(
    PIPEOPS_FAMILIES,
  );
  return exposition;
}

async function expectHealthy(base: string, checks: string[]): Promise<void> {
  const alive = await fetch(`${base}/healthz`);
  expect({ status: alive.status, body: await alive.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  const ready = await fetch(`${base}/readyz`);
  const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
  expect({ status: ready.status, ready: body.status }).toEqual({ status: 200, ready: 'ready' });
  expect(Object.keys(body.checks).sort()).toEqual([...checks].sort());
}

/** pino's JSON lines on stdout. */
const logLines = (bot: CompiledBot) =>
  bot
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; [key: string]: unknown });

/** The change card whose text names `title`, as the local Slack received it, and where its Approve button is. */
async function cardPosted(slack: LocalSlack, title: string) {
  const call = await until(
    () =>
      slack.calls.find(
        (c) => c.path === '/api/chat.postMessage' && (new URLSearchParams(c.body).get('text') ?? '').includes(title),
      ),
    `the card "${title}"`,
  );
  const blocks = JSON.parse(new URLSearchParams(call.body).get('blocks') ?? '[]') as {
    elements?: { action_id?: string; value?: string }[];
  }[];
  const button = blocks.flatMap((block) => block.elements ?? []).find((e) => e.action_id === 'change_approve');
  return {
    ts: String(call.answer.ts),
    approve: { value: button?.value ?? '', channel: String(call.answer.channel), messageTs: String(call.answer.ts) },
  };
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pipeops-compiled-ops-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the compiled bot refuses to run Slack against the embedded sandbox unless asked to', () => {
  it.each<{ mode: string; env: Record<string, string> }>([
    { mode: 'HTTP mode', env: { SLACK_SIGNING_SECRET: SIGNING_SECRET } },
    { mode: 'Socket Mode', env: { SLACK_APP_TOKEN: 'xapp-local' } },
  ])('$mode without PIPELINE_URL: exit 2, saying what to set, before listening', async ({ env }) => {
    const port = await freePort();
    const bot = spawnCompiledBot(
      {
        SLACK_BOT_TOKEN: 'xoxb-local-never-printed',
        PORT: String(port),
        PIPEOPS_DATA_DIR: join(scratch, 'refused'),
        ...env,
      },
      scratch,
    );
    // With the signal and stderr in the comparison, so that a failure says how the process ended.
    const code = await bot.exited;
    expect({ code, signal: bot.child.signalCode }).toEqual({ code: 2, signal: null });
    expect(bot.stderr()).toContain('PIPELINE_URL: required with Slack tokens');
    expect(bot.stderr()).toContain('PIPEOPS_SANDBOX=1');
    expect(bot.stderr()).not.toContain('xoxb-local-never-printed');
    expect(await accepts(port)).toBe(false);
    // Nothing was started: not even the data directory.
    expect(existsSync(join(scratch, 'refused'))).toBe(false);
  });
});

describe('the compiled bot in HTTP mode against a pipeline: operator endpoints on the Slack port, graceful SIGTERM', () => {
  let slack: LocalSlack;
  let sandbox: SandboxPipeline;
  let bot: CompiledBot;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    slack = await startLocalSlack();
    sandbox = await startSandboxPipeline({ apiKey: 'compiled-ops-pipeline-key' });
    // Fires at the first evaluation, at start: the alert families have something to count.
    sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one', minutesAgo: 20 });
    const rules = join(scratch, 'rules.yml');
    writeFileSync(
      rules,
      "rules:\n  - { id: input-errors, title: Input errors, metric: ERROR_EVENTS, input: '*', when: above, threshold: 100, severity: critical }\n",
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = join(scratch, 'http');
    bot = spawnCompiledBot(
      {
        SLACK_BOT_TOKEN: 'xoxb-local',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slack.base}/api`,
        PORT: String(port),
        PIPELINE_URL: sandbox.url,
        PIPELINE_API_KEY: sandbox.apiKey,
        PIPEOPS_DATA_DIR: dataDir,
        PIPEOPS_ALERT_CHANNEL: 'C0ALERTS',
        PIPEOPS_ALERT_RULES: rules,
        PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS: '15',
        LOG_LEVEL: 'info',
      },
      scratch,
    );
    await bot.listening(port);
  });

  afterAll(async () => {
    bot.kill();
    await slack.close();
    await sandbox.close();
  });

  it('answers /healthz and /readyz (database migrated, pipeline reachable), and 503 when the pipeline is not', async () => {
    await expectHealthy(base, ['database', 'pipeline']);
    // More times than the provider retries (2).
    sandbox.injectFault({ method: 'GET', path: 'inputs', status: 503, times: 3 });
    const ready = await fetch(`${base}/readyz`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; detail: string }> };
    expect(ready.status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.pipeline).toMatchObject({ ok: false });
    expect(JSON.stringify(body)).not.toContain(sandbox.apiKey);
  });

  it('serves /metrics in the exposition format: commands by name and outcome, pipeline calls, alerts, database', async () => {
    await sendSlashCommand(`${base}/slack/events`, {
      user: 'UALICE',
      text: 'input list',
      responseUrl: `${slack.base}/response/list`,
    });
    await until(() => slack.calls.find((call) => call.path === '/response/list'), 'the reply');
    await until(() => slack.calls.find((call) => call.path === '/api/chat.postMessage'), 'the alert');
    const metrics = await scrape(base);
    const one = (name: string, labels: Record<string, string>) => samplesOf(metrics, name, labels)[0]?.value;
    // Named by the command's pattern, never by what was typed (label values stay bounded).
    const commands = samplesOf(metrics, 'pipeops_slack_requests_total', { type: 'command', outcome: 'ok' });
    expect(commands.map((sample) => [sample.labels.name?.split(' [')[0], sample.value])).toEqual([['input list', 1]]);
    expect(one('pipeops_slack_ack_seconds_count', { type: 'command' })).toBe(1);
    expect(one('pipeops_pipeline_calls_total', { method: 'GET', endpoint: 'inputs', status: '200' })).toBeGreaterThan(
      0,
    );
    expect(
      one('pipeops_pipeline_call_seconds_count', { method: 'GET', endpoint: 'metrics', status: '200' }),
    ).toBeGreaterThan(0);
    expect(one('pipeops_alert_runs_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(one('pipeops_alert_evaluations_total', {})).toBeGreaterThan(0);
    expect(one('pipeops_alert_transitions_total', { transition: 'fired' })).toBe(1);
    expect(one('pipeops_alerts_firing', { source: 'rule', severity: 'critical' })).toBe(1);
    expect(one('pipeops_db_seconds_count', { operation: 'query', outcome: 'ok' })).toBeGreaterThan(0);
    expect(one('process_cpu_seconds_total', {})).toBeGreaterThan(0);
  });

  it('SIGTERM: stops taking requests, lets the apply in progress finish, releases the lock, exits 0 in the bound', {
    timeout: 60_000,
  }, async () => {
    await sendSlashCommand(`${base}/slack/events`, { user: 'UALICE', text: 'input pause mixpanel_engage_one' });
    const card = await cardPosted(slack, 'Pause input mixpanel_engage_one');
    // The write takes 3 s: the signal arrives while it runs.
    sandbox.injectFault({ method: 'PUT', path: /^inputs\/[^/]+\/pause$/, delayMs: 3_000, times: 1 });
    const click = await sendButtonClick(`${base}/slack/events`, {
      user: 'UBOB',
      actionId: 'change_approve',
      ...card.approve,
    });
    expect(click.status).toBe(200);
    await new Promise((done) => setTimeout(done, 500));
    expect(sandbox.getInput('mixpanel_engage_one').paused).toBe(false);

    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    // No new requests: the Slack port closes while the apply still runs.
    await new Promise((done) => setTimeout(done, 300));
    expect(bot.child.exitCode).toBeNull();
    expect(await accepts(Number(new URL(base).port))).toBe(false);

    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(sandbox.getInput('mixpanel_engage_one').paused).toBe(true);
    // The card was updated before the process ended: the apply finished, it was not cut off.
    const updates = slack.calls
      .filter((call) => call.path === '/api/chat.update')
      .map((call) => new URLSearchParams(call.body).get('text') ?? '');
    expect(updates.at(-1)).toMatch(/Pause input mixpanel_engage_one \(applied\)$/);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(bot.stderr()).toBe('');
    const waited = logLines(bot).find((line) => line.msg === 'waiting for Slack requests in progress');
    expect(waited).toMatchObject({ running: 1 });
  });
});

describe('the compiled bot in Socket Mode on the sandbox (PIPEOPS_SANDBOX=1): warnings, endpoints on PIPEOPS_HTTP_PORT', () => {
  let socketSlack: FakeSocketSlack;
  let slack: LocalSlack;
  let bot: CompiledBot;
  let base: string;

  beforeAll(async () => {
    socketSlack = new FakeSocketSlack();
    await new Promise((done) => socketSlack.server.once('listening', done));
    // Fixed now: once the test closes the socket server, reconnections are sent to a port nobody listens on.
    const socketUrl = socketSlack.url;
    slack = await startLocalSlack({ socketUrl: () => socketUrl });
    const operatorPort = await freePort();
    base = `http://127.0.0.1:${operatorPort}`;
    bot = spawnCompiledBot(
      {
        SLACK_BOT_TOKEN: 'xoxb-local',
        SLACK_APP_TOKEN: 'xapp-local',
        SLACK_API_URL: `${slack.base}/api`,
        PIPEOPS_SANDBOX: '1',
        PIPEOPS_HTTP_PORT: String(operatorPort),
        PIPEOPS_DATA_DIR: join(scratch, 'socket'),
        LOG_LEVEL: 'info',
      },
      scratch,
    );
    await bot.listening(operatorPort);
    await socketSlack.connected;
  });

  afterAll(async () => {
    bot.kill();
    await socketSlack.close();
    await slack.close();
  });

  it('says at warn that this is the sandbox, and which alert rules are off without PIPEOPS_ALERT_CHANNEL', () => {
    const warnings = logLines(bot).filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SANDBOX: /), expect.stringMatching(/^Alert rules off: /)]),
    );
    const rulesOff = warnings.find((line) => line.msg.startsWith('Alert rules off'));
    expect(rulesOff).toMatchObject({ reason: 'PIPEOPS_ALERT_CHANNEL is not set' });
    const ids = (rulesOff?.rulesOff ?? []) as string[];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(rulesOff?.msg).toContain(id);
  });

  it('serves /healthz, /readyz (with the socket to Slack) and /metrics on loopback, and nothing else', async () => {
    const ack = await socketSlack.deliver(
      'slash_commands',
      {
        team_id: 'T0TEST',
        channel_id: 'C0DATAOPS',
        user_id: 'UALICE',
        command: '/pipeline',
        // Nothing after the command: the help, answered in the ack itself.
        text: '',
        api_app_id: 'A0TEST',
        response_url: `${slack.base}/response/socket`,
        trigger_id: '1.2.3',
      },
      'env-help',
    );
    // The command's answer in the ack itself: bannered, as everything the sandbox sends.
    expect(JSON.stringify(ack)).toContain('SANDBOX');
    await expectHealthy(base, ['database', 'pipeline', 'slack']);
    const metrics = await scrape(base);
    expect(
      samplesOf(metrics, 'pipeops_slack_requests_total', { type: 'command', name: 'help', outcome: 'ok' }),
    ).toEqual([expect.objectContaining({ value: 1 })]);
    expect((await fetch(`${base}/slack/events`)).status).toBe(404);
  });

  it('/readyz turns 503 when the socket to Slack is lost', async () => {
    // Slack goes away: the socket closes and every reconnection fails.
    await socketSlack.close();
    const ready = await until(async () => {
      const response = await fetch(`${base}/readyz`);
      return response.status === 503
        ? ((await response.json()) as { checks: Record<string, { ok: boolean }> })
        : undefined;
    }, '/readyz to notice');
    expect(ready.checks).toMatchObject({ database: { ok: true }, pipeline: { ok: true }, slack: { ok: false } });
  });

  it('stops on SIGTERM with exit 0', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).toBe('');
  });
});

describe('the compiled console with PIPEOPS_HTTP_PORT: the same endpoints', () => {
  it('scrapes /healthz, /readyz and /metrics while the console runs, and counts its commands', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const driver = new ConsoleDriver({ ...consoleEnv(join(scratch, 'console')), PIPEOPS_HTTP_PORT: String(port) });
    try {
      await driver.untilPrompt();
      await driver.type('/pipeline input list');
      await expectHealthy(base, ['database', 'pipeline']);
      const metrics = await scrape(base);
      const commands = samplesOf(metrics, 'pipeops_slack_requests_total', { type: 'command', outcome: 'ok' });
      expect(commands.map((sample) => [sample.labels.name?.split(' [')[0], sample.value])).toEqual([['input list', 1]]);
    } finally {
      const { code } = await driver.end();
      expect(code).toBe(0);
    }
  });
});

describe('the compiled bot: an apply longer than the shutdown bound is handed back and settled at the next start', () => {
  let slack: LocalSlack;
  let sandbox: SandboxPipeline;
  const bots: CompiledBot[] = [];

  beforeAll(async () => {
    slack = await startLocalSlack();
    sandbox = await startSandboxPipeline({ apiKey: 'compiled-ops-pipeline-key' });
  });

  afterAll(async () => {
    for (const bot of bots) bot.kill();
    await slack.close();
    await sandbox.close();
  });

  async function start(dataDir: string): Promise<{ bot: CompiledBot; url: string }> {
    const port = await freePort();
    const bot = spawnCompiledBot(
      {
        SLACK_BOT_TOKEN: 'xoxb-local',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${slack.base}/api`,
        PORT: String(port),
        PIPELINE_URL: sandbox.url,
        PIPELINE_API_KEY: sandbox.apiKey,
        PIPEOPS_DATA_DIR: dataDir,
        PIPEOPS_INSTANCE_ID: 'compiled-ops-replica',
        PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS: '3',
        LOG_LEVEL: 'info',
      },
      scratch,
    );
    bots.push(bot);
    await bot.listening(port);
    return { bot, url: `http://127.0.0.1:${port}/slack/events` };
  }

  it('exits 0 within the bound with the lock released; the restarted bot reads the pipeline and marks it applied', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(scratch, 'hand-back');
    const first = await start(dataDir);
    await sendSlashCommand(first.url, { user: 'UALICE', text: 'input pause storefront_webhook' });
    const card = await cardPosted(slack, 'Pause input storefront_webhook');
    // The pipeline takes the write but answers only after 6 s: longer than the 3 s bound.
    sandbox.injectFault({ method: 'PUT', path: /^inputs\/[^/]+\/pause$/, delayMs: 6_000, times: 1 });
    await sendButtonClick(first.url, {
      user: 'UBOB',
      actionId: 'change_approve',
      ...card.approve,
    });
    await new Promise((done) => setTimeout(done, 500));
    const signalled = Date.now();
    first.bot.child.kill('SIGTERM');
    expect(await first.bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3_000 + 1_500);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(logLines(first.bot).map((line) => line.msg)).toContain(
      'shutdown bound reached with requests still running; an apply cut off is settled at the next start',
    );
    const updatesBefore = slack.calls.filter((call) => call.path === '/api/chat.update').length;

    // The write lands at the pipeline after all; the next start of the same instance settles the request from it.
    await until(() => (sandbox.getInput('storefront_webhook').paused ? true : undefined), 'the delayed write', 10_000);
    const second = await start(dataDir);
    const applied = await until(
      () =>
        slack.calls
          .filter((call) => call.path === '/api/chat.update')
          .slice(updatesBefore)
          .find((call) => (new URLSearchParams(call.body).get('text') ?? '').endsWith('(applied)')),
      'the card updated as applied',
    );
    expect(new URLSearchParams(applied.body).get('ts')).toBe(card.ts);
    second.bot.child.kill('SIGTERM');
    expect(await second.bot.exited).toBe(0);
  });
});
