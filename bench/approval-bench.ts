/**
 * The change workflow in process, as the bot runs it (services over the embedded database that `openDatabase`
 * opens by default, the pipeline over loopback HTTP), with the card rendering the Slack handlers do around each
 * step. The pipeline (sandbox) runs in a child process, bench/sandbox-process.mjs, so that `process.cpuUsage()`
 * here is the bot's CPU only.
 *  - large resource: a 5,000-field mapping, mode flipped per cycle; CPU per propose and per approve
 *    (approve + apply + verify + card renders);
 *  - throughput: approvals/s with 8 concurrent approvers, one request per input, in rounds that pause and resume
 *    every input in turn. The first round runs on code V8 has not optimised yet (a bot that has just started); the
 *    later ones are the bot as it runs for hours, and their median is what the target is read on;
 *  - contention: the same with two requests per input (flipping the inputs back), both in flight together
 *    (one applies, the other is found stale or is refused).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { buildChangeRequestMessage, buildOutcomeReply } from '../src/handlers/blocks/change-request-blocks.js';
import { systemClock } from '../src/services/clock.js';
import { openDatabase } from '../src/services/db/open-database.js';
import { createHttpPipelineProvider } from '../src/services/pipeline/http-provider.js';
import { silentLogger } from '../src/services/service-logger.js';
import { createServices, type Services } from '../src/services/services.js';
import { loopThreadCpuMs } from './loop-thread-cpu.js';

export interface ApprovalFigures {
  backend: string;
  fields: number;
  bigCycles: number;
  proposeCpuMs: number[];
  /** All of the process's threads (the loop, V8's GC and compiler threads). */
  approveCpuMs: number[];
  /** The main thread only (the event loop); empty where the system does not tell (not Linux). */
  approveLoopCpuMs: number[];
  approveWallMs: number[];
  /** One entry per throughput round, in order; the first ran on cold code. */
  approvals: ThroughputRound[];
  contention: { count: number; seconds: number; outcomes: Record<string, number> };
}

export interface ThroughputRound {
  kind: string;
  count: number;
  seconds: number;
  applied: number;
}

export interface ApprovalOptions {
  fields: number;
  bigCycles: number;
  approvals: number;
  /** Throughput rounds (pause all, resume all, ...), the first one included. */
  throughputRounds: number;
  concurrency: number;
}

interface SandboxInfo {
  url: string;
  apiKey: string;
  event: string;
  inputs: string[];
}

async function startSandboxProcess(fields: number, inputs: number) {
  const child = spawn(process.execPath, [new URL('./sandbox-process.mjs', import.meta.url).pathname], {
    env: { ...process.env, BENCH_MAPPING_FIELDS: String(fields), BENCH_INPUTS: String(inputs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<SandboxInfo>((done, fail) => {
    lines.once('line', (line) => done(JSON.parse(line) as SandboxInfo));
    child.once('exit', (code) => fail(new Error(`sandbox process exited with ${code}`)));
  });
  return {
    info,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.stdin.end();
      }),
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Runs `work` over `items` with at most `concurrency` in flight. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Approve as the bot's button handler does: card update when applying, settled card and outcome reply after. */
async function approveLikeTheBot(services: Services, id: number, approver: string): Promise<string> {
  const outcome = await services.changes.approve(id, approver, {
    onApplying: async (request) => {
      buildChangeRequestMessage(request);
    },
  });
  if (outcome.type === 'refused') return `refused:${outcome.reason}`;
  buildChangeRequestMessage(outcome.request);
  buildOutcomeReply(outcome.request);
  return outcome.request.status;
}

async function proposeLikeTheBot(services: Services, kind: string, params: unknown, requester: string) {
  const request = await services.changes.propose(kind, params, requester);
  buildChangeRequestMessage(request);
  return request;
}

/** Services over `db` and the sandbox process's pipeline, as the bot builds them. */
function servicesFor(db: Awaited<ReturnType<typeof openDatabase>>, info: SandboxInfo): Services {
  const pipeline = createHttpPipelineProvider({
    baseUrl: info.url,
    apiKey: info.apiKey,
    retries: 0,
    timeoutMs: 30_000,
  });
  return createServices({
    db,
    pipeline,
    access: { proposers: [], approvers: [] },
    directory: {
      async groupMembers(groupId) {
        throw new Error(`no user groups in the benchmark (${groupId})`);
      },
    },
    clock: systemClock,
    changeTtlMs: 60 * 60_000,
    logger: silentLogger,
  });
}

export async function runApprovalBench(options: ApprovalOptions): Promise<ApprovalFigures> {
  const pairs = Math.ceil(options.approvals / 2);
  const dataDir = await mkdtemp(join(tmpdir(), 'pipeops-bench-approvals-'));
  // As the bot opens it under `npm start` (NODE_ENV=production): without the transaction-misuse check.
  const db = await openDatabase({ dataDir, checkTransactionUse: false });
  const figures: ApprovalFigures = {
    backend: db.backend,
    fields: options.fields,
    bigCycles: options.bigCycles,
    proposeCpuMs: [],
    approveCpuMs: [],
    approveLoopCpuMs: [],
    approveWallMs: [],
    approvals: [],
    contention: { count: 0, seconds: 0, outcomes: {} },
  };
  try {
    // The large resource in a sandbox of its own: the stand-in pipeline copies its whole state at every write, so
    // with a 5,000-field mapping in it every pause would cost the pipeline side ~20 ms and the throughput figures
    // below would measure the stand-in, not pipeops.
    const big = await startSandboxProcess(options.fields, 0);
    try {
      const services = servicesFor(db, big.info);
      // A warm-up cycle (module loading, JIT, first connections) that is not counted.
      const modes = ['STRICT', 'AUTO_MAP'] as const;
      for (let cycle = -1; cycle < options.bigCycles; cycle++) {
        const mode = modes[(cycle + 1) % 2];
        const beforePropose = process.cpuUsage();
        const request = await proposeLikeTheBot(services, 'mapping.mode', { event: big.info.event, mode }, 'UALICE');
        const proposeCpu = cpuMs(process.cpuUsage(beforePropose));
        const beforeApprove = process.cpuUsage();
        const loopBeforeApprove = loopThreadCpuMs();
        const started = performance.now();
        const status = await approveLikeTheBot(services, request.id, 'UBOB');
        const approveWall = performance.now() - started;
        const approveCpu = cpuMs(process.cpuUsage(beforeApprove));
        const loopAfterApprove = loopThreadCpuMs();
        if (status !== 'applied') throw new Error(`5,000-field approval ended ${status}`);
        if (cycle < 0) continue;
        figures.proposeCpuMs.push(proposeCpu);
        figures.approveCpuMs.push(approveCpu);
        if (loopBeforeApprove !== null && loopAfterApprove !== null) {
          figures.approveLoopCpuMs.push(loopAfterApprove - loopBeforeApprove);
        }
        figures.approveWallMs.push(approveWall);
      }
    } finally {
      await big.stop();
    }

    const sandbox = await startSandboxProcess(0, Math.max(options.approvals, pairs));
    try {
      const services = servicesFor(db, sandbox.info);
      const inputs = sandbox.info.inputs.slice(0, options.approvals);
      const flips = ['input.pause', 'input.resume'] as const;
      for (let round = 0; round < options.throughputRounds; round++) {
        const kind = flips[round % 2] as string;
        const pending = [];
        for (const input of inputs) pending.push(await proposeLikeTheBot(services, kind, { input }, 'UALICE'));
        let applied = 0;
        const started = performance.now();
        await pool(pending, options.concurrency, async (request) => {
          if ((await approveLikeTheBot(services, request.id, 'UBOB')) === 'applied') applied++;
        });
        const seconds = (performance.now() - started) / 1000;
        figures.approvals.push({ kind, count: pending.length, seconds, applied });
      }

      const contended = [];
      const flip = flips[options.throughputRounds % 2] as string;
      for (const input of sandbox.info.inputs.slice(0, pairs)) {
        // Both planned against the same input as the last round left it, so both are valid proposals until one of
        // them applies; the second names it in capitals (names match case-insensitively), else it would be refused
        // as a duplicate plan.
        contended.push(await proposeLikeTheBot(services, flip, { input }, 'UALICE'));
        contended.push(await proposeLikeTheBot(services, flip, { input: input.toUpperCase() }, 'UCAROL'));
      }
      const started = performance.now();
      await pool(contended, options.concurrency, async (request) => {
        const status = await approveLikeTheBot(services, request.id, 'UBOB');
        figures.contention.outcomes[status] = (figures.contention.outcomes[status] ?? 0) + 1;
      });
      figures.contention.count = contended.length;
      figures.contention.seconds = (performance.now() - started) / 1000;
    } finally {
      await sandbox.stop();
    }
    return figures;
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
