// Preloaded into a benchmarked process (`node --import ./bench/loop-delay-probe.mjs ...`), so production code stays
// free of benchmark hooks: measures event-loop delay with perf_hooks.monitorEventLoopDelay, and on each SIGUSR2
// appends what it saw since the previous SIGUSR2 (max, p99, mean in ms), with the JS heap in use and external memory
// (MiB, to tell heap growth from native memory in RSS), as one JSON line to BENCH_LOOP_DELAY_FILE.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_LOOP_DELAY_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const { heapUsed, external } = process.memoryUsage();
    const mib = (bytes) => Math.round(bytes / 1048576);
    const report = {
      maxMs: ms(delay.max),
      p99Ms: ms(delay.percentile(99)),
      meanMs: ms(delay.mean),
      heapUsedMiB: mib(heapUsed),
      externalMiB: mib(external),
      at: Date.now(),
    };
    appendFileSync(file, `${JSON.stringify(report)}\n`);
    delay.reset();
  });
}
