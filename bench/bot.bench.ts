/**
 * pipeops against a bare Bolt 5 app (bench/bare-bolt-app.mjs: same package, HTTP receiver, one command that only
 * acks), side by side in the same run, alternating which goes first in each round; figures are medians of rounds.
 * pipeops runs as production does: `node [npm start's flags] dist/bundle/main.js` in HTTP mode with a signing secret, the embedded
 * database in a fresh temporary data directory, the embedded sandbox pipeline, and its Web API and response_url
 * replies pointed at a local fake Slack (bench/fake-slack-api.ts). Both processes preload
 * bench/loop-delay-probe.mjs. Loopback only; stops by itself.
 *
 * Per round and app: start to listening on a fresh and on an existing data directory; idle RSS after start; bursts
 * of BENCH_BURST concurrent signed `help`, `input list` and `input pause <input>` (ack p50/p99/max; pipeops: the
 * change cards' chat.postMessage latency, event-loop delay during the burst and its follow-up calls); RSS after
 * 1,000 requests. Then, in process: the change workflow on a 5,000-field mapping (bench/approval-bench.ts).
 *
 * Environment: BENCH_ROUNDS (3), BENCH_BURST (200), BENCH_REQUESTS (1000), BENCH_MAPPING_FIELDS (5000),
 * BENCH_BIG_CYCLES (10), BENCH_APPROVALS (160), BENCH_THROUGHPUT_ROUNDS (6), BENCH_CONCURRENCY (8),
 * BENCH_LOG_LEVEL (info, as production), BENCH_PARTS (`bot,approvals`).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSeedData } from '../src/services/sandbox/sandbox-seed.js';
import type { ApprovalFigures, ApprovalOptions } from './approval-bench.js';
import {
  bucketsBetween,
  figureLine,
  fixed,
  type HistogramBucket,
  histogramBuckets,
  histogramQuantile,
  max,
  median,
  percentile,
  shareAtMost,
} from './bench-stats.js';
import { type BotProcess, type LoopDelay, launchBot } from './bot-process.js';
import { type FakeSlackApi, startFakeSlackApi } from './fake-slack-api.js';
import { type Ack, BENCH_SIGNING_SECRET, sendSlashCommand } from './signed-slash-command.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ROUNDS = envInt('BENCH_ROUNDS', 3);
const BURST = envInt('BENCH_BURST', 200);
const REQUESTS = envInt('BENCH_REQUESTS', 1000);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'bot,approvals').split(','));
const COMMANDS = ['help', 'input list', 'input pause'] as const;
/** Commands of each kind sent before measuring (first-call costs: lazy module loading, JIT, connections). */
const WARM_UP = 5;
type Command = (typeof COMMANDS)[number];
/** The burst of pauses pauses different inputs: the same plan twice is refused as a duplicate, without a card. */
const benchInputName = (i: number) => `bench_input_${i}`;
const commandText = (command: Command, i: number) =>
  command === 'input pause' ? `input pause ${benchInputName(i)}` : command;
type AppName = 'pipeops' | 'bare';

interface BurstFigures {
  acks: Ack[];
  failed: number;
  /** pipeops only: from each command to the bot's follow-up call (postMessage for pause, response_url for list). */
  followUpMs: number[];
  /** pipeops only: the bot's own timing of its follow-up calls (pipeops_slack_api_seconds during the burst). */
  followUpCalls: HistogramBucket[];
  loop: LoopDelay;
}

interface RoundFigures {
  freshStartMs: number;
  existingStartMs: number;
  idleRssMiB: number;
  afterRequestsRssMiB: number;
  /** The JS heap in use and external memory when RSS was read after the requests. */
  afterRequestsHeapMiB: number;
  afterRequestsExternalMiB: number;
  bursts: Record<Command, BurstFigures>;
}

/** The node flags `npm start` runs pipeops with (package.json), so that the benchmark runs it as production does. */
function startNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } })
    .scripts;
  const flags = /exec node ((?:--\S+ )*)dist\/bundle\/main\.js/.exec(scripts.start)?.[1];
  if (flags === undefined) throw new Error('package.json start no longer runs `exec node [flags] dist/bundle/main.js`');
  return flags.split(' ').filter(Boolean);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The change-workflow benchmark in a child process with `npm start`'s node flags (bench/approval-process.ts). */
function runApprovalProcess(options: ApprovalOptions): ApprovalFigures {
  const script = join(repoRoot, 'bench/approval-process.ts');
  const flags = [...startNodeFlags(), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const result = spawnSync(process.execPath, [...flags, '--import', 'tsx', script, JSON.stringify(options)], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`the approval benchmark exited with ${result.status}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as ApprovalFigures;
}

/** dist/ must be what src/ says: rebuilt (without type-checking) only when src changed since the last build. */
function ensureCompiled(): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/build-dist.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building dist/ failed');
}

async function waitForCalls(fake: FakeSlackApi, method: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fake.callsOf(method).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`only ${fake.callsOf(method).length} of ${count} ${method} calls within ${timeoutMs} ms`);
    }
    await sleep(10);
  }
}

let requestNumber = 0;

/** The bot's pipeops_slack_api_seconds buckets for one method (empty for the bare app, which has none). */
async function slackCallBuckets(bot: BotProcess, method: string): Promise<HistogramBucket[]> {
  const response = await fetch(bot.url.replace(/\/slack\/events$/, '/metrics'));
  if (!response.ok) return [];
  return histogramBuckets(await response.text(), 'pipeops_slack_api_seconds', { method });
}

async function burst(fake: FakeSlackApi, bot: BotProcess, app: AppName, command: Command): Promise<BurstFigures> {
  fake.clear();
  const callMethod = command === 'input list' ? 'response_url' : 'chat.postMessage';
  const callsBefore = app === 'pipeops' ? await slackCallBuckets(bot, callMethod) : [];
  await bot.loopDelay();
  const keys = Array.from({ length: BURST }, () => ++requestNumber);
  const acks = await Promise.all(
    keys.map((n, i) =>
      sendSlashCommand(bot.url, {
        text: commandText(command, i),
        user: 'UBENCH',
        channel: `C0BENCH${n}`,
        responseUrl: fake.responseUrl(n),
      }),
    ),
  );
  const followUps =
    app === 'bare' || command === 'help' ? null : command === 'input list' ? 'response' : 'chat.postMessage';
  const followUpMs: number[] = [];
  if (followUps) {
    await waitForCalls(fake, followUps, BURST);
    const sentAt = new Map(keys.map((n, i) => [String(n), (acks[i] as Ack).sentAt]));
    for (const call of fake.callsOf(followUps)) {
      const key = followUps === 'response' ? call.key : call.key.replace('C0BENCH', '');
      const sent = sentAt.get(key);
      if (sent !== undefined) followUpMs.push(call.arrivedAt - sent);
    }
  }
  // Let the tail of the work (card bookkeeping after postMessage) land inside this burst's loop-delay window.
  await sleep(200);
  const loop = await bot.loopDelay();
  const followUpCalls = followUps === null ? [] : bucketsBetween(callsBefore, await slackCallBuckets(bot, callMethod));
  return { acks, failed: acks.filter((ack) => ack.status !== 200).length, followUpMs, followUpCalls, loop };
}

/** A few of each command, sequentially, on inputs the bursts do not use; waits for their follow-up calls. */
async function warmUp(fake: FakeSlackApi, bot: BotProcess): Promise<void> {
  for (const command of COMMANDS) {
    for (let i = BURST; i < BURST + WARM_UP; i++) {
      const n = ++requestNumber;
      await sendSlashCommand(bot.url, {
        text: commandText(command, i),
        user: 'UBENCH',
        channel: `C0BENCH${n}`,
        responseUrl: fake.responseUrl(n),
      });
    }
  }
  await sleep(500);
}

/** The embedded sandbox's state file (read at start) with BURST more running inputs than the seed. */
async function seedBenchInputs(pipeopsDataDir: string): Promise<void> {
  const state = createSeedData();
  const template = Object.values(state.inputs)[0];
  if (!template) throw new Error('the sandbox seed has no input');
  for (let i = 0; i < BURST + WARM_UP; i++) {
    const id = randomUUID();
    state.inputs[id] = { ...template, id, name: benchInputName(i), paused: false };
  }
  await mkdir(pipeopsDataDir, { recursive: true });
  await writeFile(join(pipeopsDataDir, 'sandbox-pipeline.json'), JSON.stringify(state));
}

async function measureApp(app: AppName, fake: FakeSlackApi): Promise<RoundFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), `pipeops-bench-${app}-`));
  let launches = 0;
  const launch = () =>
    launchBot({
      script: app === 'pipeops' ? join(repoRoot, 'dist/bundle/main.js') : join(repoRoot, 'bench/bare-bolt-app.mjs'),
      nodeArgs: app === 'pipeops' ? startNodeFlags() : [],
      // The data directory as working directory: no .env of the checkout is read.
      cwd: dataDir,
      loopDelayFile: join(dataDir, `loop-delay-${++launches}.jsonl`),
      env: {
        // As `npm start` sets it, for both apps.
        NODE_ENV: 'production',
        SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        ...(app === 'pipeops'
          ? {
              SLACK_BOT_TOKEN: 'xoxb-bench',
              PIPEOPS_SANDBOX: '1',
              SLACK_BOT_ID: 'B0BOT',
              SLACK_BOT_USER_ID: 'U0BOT',
              PIPEOPS_DATA_DIR: join(dataDir, 'data'),
              LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
            }
          : {}),
      },
    });
  try {
    const fresh = await launch();
    const freshStartMs = fresh.startMs;
    await fresh.stop();
    if (app === 'pipeops') await seedBenchInputs(join(dataDir, 'data'));
    const bot = await launch();
    try {
      await sleep(1000);
      const idleRssMiB = bot.rssMiB();
      await warmUp(fake, bot);
      const bursts = {} as Record<Command, BurstFigures>;
      for (const command of COMMANDS) bursts[command] = await burst(fake, bot, app, command);
      for (let sent = (BURST + WARM_UP) * COMMANDS.length; sent < REQUESTS; sent += 50) {
        const batch = Math.min(50, REQUESTS - sent);
        await Promise.all(
          Array.from({ length: batch }, () =>
            sendSlashCommand(bot.url, {
              text: 'help',
              user: 'UBENCH',
              channel: 'C0BENCH',
              responseUrl: fake.responseUrl(0),
            }),
          ),
        );
      }
      await sleep(1000);
      const afterRequestsRssMiB = bot.rssMiB();
      const memory = await bot.loopDelay();
      return {
        freshStartMs,
        existingStartMs: bot.startMs,
        idleRssMiB,
        afterRequestsRssMiB,
        afterRequestsHeapMiB: memory.heapUsedMiB,
        afterRequestsExternalMiB: memory.externalMiB,
        bursts,
      };
    } finally {
      await bot.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function printBotFigures(rounds: Record<AppName, RoundFigures[]>): void {
  const of = (app: AppName, pick: (round: RoundFigures) => number) => median(rounds[app].map(pick));
  const both = (pick: (round: RoundFigures) => number, digits = 0) => {
    const ours = of('pipeops', pick);
    const bare = of('bare', pick);
    return { ours, bare, text: `${fixed(ours, digits)} (bare ${fixed(bare, digits)})` };
  };
  console.log(`\npipeops vs bare Bolt, medians of ${ROUNDS} round(s), bursts of ${BURST}:`);
  const idle = both((r) => r.idleRssMiB);
  console.log(figureLine('idle RSS after start, MiB', idle.text, '≤ 150', idle.ours <= 150));
  const after = both((r) => r.afterRequestsRssMiB);
  console.log(figureLine(`RSS after ${REQUESTS} requests, MiB`, after.text, '≤ 150', after.ours <= 150));
  const heap = both((r) => r.afterRequestsHeapMiB);
  const external = both((r) => r.afterRequestsExternalMiB);
  console.log(figureLine('    of which JS heap in use / external, MiB', `${heap.text} / ${external.text}`, '', null));
  const existing = both((r) => r.existingStartMs);
  console.log(figureLine('start to listening, existing data dir, ms', existing.text, '≤ 800', existing.ours <= 800));
  const fresh = both((r) => r.freshStartMs);
  console.log(figureLine('start to listening, fresh data dir, ms', fresh.text, '≤ 1500', fresh.ours <= 1500));
  for (const command of COMMANDS) {
    const p50 = both(
      (r) =>
        percentile(
          r.bursts[command].acks.map((a) => a.ms),
          50,
        ),
      1,
    );
    const p99 = both(
      (r) =>
        percentile(
          r.bursts[command].acks.map((a) => a.ms),
          99,
        ),
      1,
    );
    const ratio = p99.ours / p99.bare;
    console.log(`  \`${command === 'input pause' ? 'input pause <input>' : command}\`:`);
    console.log(figureLine('    ack p50, ms', p50.text, '', null));
    console.log(figureLine('    ack p99, ms', p99.text, '', null));
    console.log(figureLine('    ack p99 ratio pipeops / bare', `${fixed(ratio, 2)}×`, '≤ 1.5×', ratio <= 1.5));
    const worst = Math.max(...rounds.pipeops.map((r) => max(r.bursts[command].acks.map((a) => a.ms))));
    console.log(figureLine('    max ack over all rounds, ms', fixed(worst, 0), '≤ 1000', worst <= 1000));
    const failed = rounds.pipeops.reduce((sum, r) => sum + r.bursts[command].failed, 0);
    if (failed > 0) console.log(`    !! ${failed} acks were not HTTP 200`);
    const callP99 = of('pipeops', (r) => 1000 * histogramQuantile(0.99, r.bursts[command].followUpCalls));
    // Met when 99% of the calls took at most 300 ms in every round (300 ms is a bucket bound: no interpolation).
    const callsMet = rounds.pipeops.every((r) => shareAtMost(0.3, r.bursts[command].followUpCalls) >= 0.99);
    if (command === 'input list') {
      const reply = of('pipeops', (r) => percentile(r.bursts[command].followUpMs, 99));
      console.log(figureLine('    response_url reply p99 after the command, ms', fixed(reply, 0), '', null));
      console.log(figureLine('    response_url call p99 (as the bot times it), ms', fixed(callP99, 0), '', null));
    }
    if (command === 'input pause') {
      console.log(figureLine('    change card chat.postMessage call p99, ms', fixed(callP99, 0), '≤ 300', callsMet));
      const post = of('pipeops', (r) => percentile(r.bursts[command].followUpMs, 99));
      console.log(figureLine('    change card posted p99 after the command, ms', fixed(post, 0), '', null));
    }
    const stall = both((r) => r.bursts[command].loop.maxMs);
    console.log(figureLine('    event-loop delay max in the burst, ms', stall.text, '≤ 50', stall.ours <= 50));
    const stallP99 = both((r) => r.bursts[command].loop.p99Ms, 1);
    console.log(figureLine('    event-loop delay p99 in the burst, ms', stallP99.text, '', null));
  }
}

function printApprovalFigures(figures: ApprovalFigures, concurrency: number): void {
  console.log(
    `\nchange workflow in process (${figures.backend}, npm start's node flags, pipeline in its own process), ${figures.fields}-field mapping:`,
  );
  const propose = median(figures.proposeCpuMs);
  const approve = median(figures.approveCpuMs);
  const approveLoop = median(figures.approveLoopCpuMs);
  console.log(figureLine(`propose CPU per cycle, ms (median of ${figures.bigCycles})`, fixed(propose, 1), '', null));
  if (figures.approveLoopCpuMs.length > 0) {
    console.log(
      figureLine('approve + apply + verify CPU on the loop, ms', fixed(approveLoop, 1), '≤ 150', approveLoop <= 150),
    );
    console.log(figureLine('    the same, all threads (GC, compiler), ms', fixed(approve, 1), '', null));
  } else {
    console.log(
      figureLine('approve + apply + verify CPU, all threads, ms', fixed(approve, 1), '≤ 150', approve <= 150),
    );
  }
  console.log(figureLine('propose + approve + apply + verify CPU, ms', fixed(propose + approve, 1), '', null));
  console.log(figureLine('approve wall time, ms', fixed(median(figures.approveWallMs), 1), '', null));
  const rates = figures.approvals.map((round) => round.count / round.seconds);
  const applied = figures.approvals.reduce((sum, round) => sum + round.applied, 0);
  const count = figures.approvals.reduce((sum, round) => sum + round.count, 0);
  const perRound = figures.approvals[0]?.count ?? 0;
  console.log(
    figureLine(
      `approvals/s, ${concurrency} concurrent, first ${perRound} (cold code)`,
      fixed(rates[0] ?? Number.NaN, 0),
      '',
      null,
    ),
  );
  const warm = median(rates.slice(1));
  console.log(
    figureLine(
      `approvals/s, ${concurrency} concurrent, median of rounds 2–${rates.length}`,
      fixed(warm, 0),
      '≥ 150',
      warm >= 150 && applied === count,
    ),
  );
  console.log(`    rounds: ${rates.map((rate) => fixed(rate, 0)).join(', ')}; ${applied} of ${count} applied`);
  const contended = figures.contention.count / figures.contention.seconds;
  const outcomes = Object.entries(figures.contention.outcomes)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  console.log(
    figureLine(`contention: 2 per input, ${concurrency} concurrent, decisions/s`, fixed(contended, 0), '', null),
  );
  console.log(`    outcomes: ${outcomes}`);
}

async function main(): Promise<void> {
  ensureCompiled();
  if (PARTS.has('bot')) {
    const fake = await startFakeSlackApi();
    try {
      const rounds: Record<AppName, RoundFigures[]> = { pipeops: [], bare: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order: AppName[] = round % 2 === 0 ? ['pipeops', 'bare'] : ['bare', 'pipeops'];
        for (const app of order) rounds[app].push(await measureApp(app, fake));
        const last = rounds.pipeops[rounds.pipeops.length - 1] as RoundFigures;
        console.log(
          `  round ${round + 1}/${ROUNDS}: pipeops start ${fixed(last.existingStartMs, 0)} ms, idle ${fixed(last.idleRssMiB, 0)} MiB`,
        );
      }
      printBotFigures(rounds);
    } finally {
      await fake.close();
    }
  }
  if (PARTS.has('approvals')) {
    const concurrency = envInt('BENCH_CONCURRENCY', 8);
    const figures = runApprovalProcess({
      fields: envInt('BENCH_MAPPING_FIELDS', 5000),
      bigCycles: envInt('BENCH_BIG_CYCLES', 10),
      approvals: envInt('BENCH_APPROVALS', 160),
      throughputRounds: Math.max(2, envInt('BENCH_THROUGHPUT_ROUNDS', 6)),
      concurrency,
    });
    printApprovalFigures(figures, concurrency);
  }
}

await main();
