import { METRIC_NAMES, type MetricName } from '../../services/pipeline/metrics.js';
import { type MappingMode, mappingModes } from '../../services/pipeline/schemas.js';
import type { SandboxPipeline } from '../../services/sandbox/sandbox-pipeline.js';

export const sandboxUsage =
  'Usage: sandbox pause|resume <input> | sandbox mode <event> <mode> | sandbox fail <status> [n] [--reads] | ' +
  'sandbox reset | ' +
  'sandbox metric <METRIC> <value|none> [input] | sandbox steps <event> <json>';

/**
 * The console's `sandbox …` subcommands: change the embedded pipeline behind pipeops' back (as someone using
 * the pipeline's own UI would), to see stale plans, failed applies and alerts.
 */
export async function runSandboxCommand(
  sandbox: SandboxPipeline | null,
  args: readonly string[],
  print: (line: string) => void,
  alerts: { checkNow(): Promise<void> } | undefined,
): Promise<void> {
  print(await applySandboxCommand(sandbox, args));
  // A metric changed: evaluate the alert rules now rather than at the next interval (after saying what changed).
  if (args[0] === 'metric') await alerts?.checkNow();
}

/**
 * `sandbox fail <status> [n] [--reads]`: the next n requests that change the pipeline (default 1) answer <status>;
 * with --reads, the next n requests of any kind (reads included, so planning a change fails too).
 */
function armFailure(sandbox: SandboxPipeline, status: string, rest: readonly string[]): string {
  const reads = rest.includes('--reads');
  const counts = rest.filter((word) => word !== '--reads');
  const [count, ...extra] = counts;
  if (extra.length > 0 || (count !== undefined && !/^[1-9]\d{0,3}$/.test(count))) return sandboxUsage;
  const times = count === undefined ? 1 : Number(count);
  sandbox.injectFault({ method: reads ? '*' : 'write', path: /.*/, status: Number(status), times });
  const what = reads
    ? times === 1
      ? 'request (read or write)'
      : 'requests (reads or writes)'
    : times === 1
      ? 'write'
      : 'writes';
  return `(sandbox) the next ${times === 1 ? '' : `${times} `}${what} to the pipeline answer${times === 1 ? 's' : ''} HTTP ${status}.`;
}

async function applySandboxCommand(sandbox: SandboxPipeline | null, args: readonly string[]): Promise<string> {
  if (!sandbox) return 'The pipeline is not the embedded sandbox (PIPELINE_URL is set): sandbox commands are off.';
  const [verb, a, b] = args;
  try {
    if ((verb === 'pause' || verb === 'resume') && a) {
      const input = sandbox.pauseInput(a, verb === 'pause');
      return `(sandbox) input ${input.name} is now ${input.paused ? 'paused' : 'running'}.`;
    }
    if (verb === 'mode' && a && b && (mappingModes as readonly string[]).includes(b.toUpperCase())) {
      sandbox.setMappingMode(a, b.toUpperCase() as MappingMode);
      return `(sandbox) ${a} mapping mode is now ${b.toUpperCase()}.`;
    }
    if (verb === 'fail' && a && /^[45]\d\d$/.test(a)) return armFailure(sandbox, a, args.slice(2));
    if (verb === 'steps' && a && args.length > 2) {
      sandbox.setTransformSteps(a, args.slice(2).join(' '));
      return `(sandbox) ${a} transform steps are now ${sandbox.getTransformSteps(a)}.`;
    }
    if (verb === 'reset') {
      sandbox.reset();
      return '(sandbox) back to the seed data.';
    }
    if (verb === 'metric' && a && b && (METRIC_NAMES as readonly string[]).includes(a.toUpperCase())) {
      const value = b === 'none' ? null : Number(b);
      if (value !== null && !Number.isFinite(value)) throw new Error(`'${b}' is not a number (or none)`);
      const input = args[3];
      const metric = a.toUpperCase() as MetricName;
      sandbox.setMetric(metric, value, input ? { input } : {});
      return `(sandbox) ${metric}${input ? ` of ${input}` : ''} is now ${value ?? 'absent (no data)'}.`;
    }
    return sandboxUsage;
  } catch (error) {
    return `(sandbox) ${error instanceof Error ? error.message : String(error)}`;
  }
}
