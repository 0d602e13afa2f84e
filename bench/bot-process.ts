/**
 * A benchmarked bot as a child process on a loopback port: started with the event-loop probe preloaded, timed from
 * spawn until its port accepts connections, its RSS read from /proc, its loop-delay reports read back, stopped
 * with SIGTERM (SIGKILL after a grace period).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

const probe = new URL('./loop-delay-probe.mjs', import.meta.url).href;

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** process.memoryUsage() of the bot when it reported, MiB. */
  heapUsedMiB: number;
  externalMiB: number;
}

export interface BotProcess {
  readonly pid: number;
  readonly url: string;
  /** From spawn until the port accepted a connection. */
  readonly startMs: number;
  /** VmRSS of the process, in MiB. */
  rssMiB(): number;
  /** Event-loop delay since the previous call (or since start, for the first). */
  loopDelay(): Promise<LoopDelay>;
  stop(): Promise<void>;
}

export interface BotLaunch {
  /** The script run by node, e.g. dist/bundle/main.js. */
  script: string;
  cwd: string;
  env: Record<string, string>;
  /** Node flags before the script (pipeops: those of `npm start`). */
  nodeArgs?: string[];
  /** Where the probe appends its reports. */
  loopDelayFile: string;
  timeoutMs?: number;
}

/** A port free at the time of asking (the bot binds it a moment later; loopback only, so no one else does). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once('exit', () => done()));
}

export async function launchBot(launch: BotLaunch): Promise<BotProcess> {
  const port = await freePort();
  const started = performance.now();
  // BENCH_NODE_ARGS: extra node flags for the benchmarked processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = [...(launch.nodeArgs ?? []), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, '--import', probe, launch.script], {
    cwd: launch.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ...launch.env,
      PORT: String(port),
      BENCH_LOOP_DELAY_FILE: launch.loopDelayFile,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const deadline = started + (launch.timeoutMs ?? 60_000);
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`${launch.script} exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${launch.script} did not listen within ${launch.timeoutMs ?? 60_000} ms: ${stderr}`);
    }
    await new Promise((done) => setTimeout(done, 5));
  }
  const startMs = performance.now() - started;
  const pid = child.pid as number;
  let reports = 0;
  return {
    pid,
    url: `http://127.0.0.1:${port}/slack/events`,
    startMs,
    rssMiB() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
      return kb / 1024;
    },
    async loopDelay() {
      child.kill('SIGUSR2');
      reports += 1;
      const until = performance.now() + 10_000;
      for (;;) {
        let lines: string[] = [];
        try {
          lines = readFileSync(launch.loopDelayFile, 'utf8').trim().split('\n');
        } catch {}
        if (lines.length >= reports && lines[reports - 1]) return JSON.parse(lines[reports - 1] as string) as LoopDelay;
        if (performance.now() > until) throw new Error(`no loop-delay report from ${launch.script}`);
        await new Promise((done) => setTimeout(done, 10));
      }
    },
    async stop() {
      const gone = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
