import { readFileSync } from 'node:fs';

/**
 * CPU time of this process's main thread (the event loop), in ms: what "CPU on the bot's loop" means. Linux gives
 * it in nanoseconds (/proc/self/task/<pid>/schedstat, whose first field is the time the thread ran);
 * process.cpuUsage() would add V8's garbage-collection and compiler threads, which run beside the loop. Elsewhere,
 * null (callers then report process CPU only).
 */
export function loopThreadCpuMs(): number | null {
  try {
    const ran = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ran) ? ran / 1e6 : null;
  } catch {
    return null;
  }
}
