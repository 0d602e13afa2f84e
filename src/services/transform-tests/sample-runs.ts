import { PyDict } from '../../transforms/index.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { TransformRunError, TransformRunResult, TransformStepList } from '../pipeline/transform-contract.js';
import { diffEvents, formatEventChange } from './event-diff.js';

/** One sample sent through a step list by the pipeline's run call. */
export interface SampleRun {
  /** 1-based position in the pipeline's sample list. */
  number: number;
  /** `_metadata.@uuid` when the sample has a string one: how a person finds the event again. */
  uuid: string | null;
  input: PyDict;
  result: TransformRunResult;
}

/** At most this many samples are run (Alooma keeps about 10 per event type). */
export const MAX_SAMPLES = 20;
/** Run calls in flight at once. */
const CONCURRENCY = 4;

/** Sends each sample through `steps` with the pipeline's run call, a few at a time; keeps the samples' order. */
export async function runSamples(
  pipeline: PipelineProvider,
  steps: TransformStepList,
  samples: readonly PyDict[],
): Promise<SampleRun[]> {
  const runs: SampleRun[] = new Array(samples.length);
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const index = next++;
      const input = samples[index] as PyDict;
      const result = await pipeline.runTransformSteps(steps, input);
      runs[index] = { number: index + 1, uuid: sampleUuid(input), input, result };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, samples.length) }, worker));
  return runs;
}

function sampleUuid(sample: PyDict): string | null {
  const metadata = sample.get('_metadata');
  const uuid = metadata instanceof PyDict ? metadata.get('@uuid') : undefined;
  return typeof uuid === 'string' && uuid !== '' ? uuid : null;
}

export type SampleStatus = 'unchanged' | 'changed' | 'split' | 'dropped' | 'error';

/** A sample run in words: its status and the lines that show it (a before/after diff, or the error). */
export interface SampleReport {
  status: SampleStatus;
  lines: string[];
}

/** `step 2 add_composite_key: KeyError: 'created_at'` */
export function describeRunError(error: TransformRunError): string {
  const where = error.step === null ? 'output' : `step ${error.step}${error.fn ? ` ${error.fn}` : ''}`;
  return `${where}: ${error.message}`;
}

/** Lines showing how `output` differs from `input`; indented when it is one of several events. */
function diffLines(input: PyDict, output: PyDict, indent = ''): string[] {
  return diffEvents(input, output).map((change) => `${indent}${formatEventChange(change)}`);
}

/** What a run did to its sample: the compact before/after diff, a split, a drop, or the failing step. */
export function reportSampleRun(run: SampleRun): SampleReport {
  const { result, input } = run;
  if (!result.ok) return { status: 'error', lines: [`✗ ${describeRunError(result.error)}`] };
  const { events } = result;
  if (events.length === 0) return { status: 'dropped', lines: ['→ no output event (dropped)'] };
  if (events.length === 1) {
    const lines = diffLines(input, events[0] as PyDict);
    return lines.length === 0 ? { status: 'unchanged', lines: ['= unchanged'] } : { status: 'changed', lines };
  }
  const lines = [`→ split into ${events.length} events`];
  events.forEach((event, i) => {
    const diff = diffLines(input, event, '  ');
    lines.push(`event ${i + 1}/${events.length}:`, ...(diff.length > 0 ? diff : ['  = same as the sample']));
  });
  return { status: 'split', lines };
}

export interface RunSummary {
  samples: number;
  /** Samples whose output differs from the input (splits and drops included). */
  changed: number;
  errors: number;
  splits: number;
}

export function summarizeRuns(reports: readonly SampleReport[]): RunSummary {
  const count = (status: SampleStatus) => reports.filter((report) => report.status === status).length;
  return {
    samples: reports.length,
    changed: count('changed') + count('split') + count('dropped'),
    errors: count('error'),
    splits: count('split'),
  };
}

/** `3 samples, 2 changed, 1 error` (plus `, 1 split` when there are splits). */
export function formatRunSummary(summary: RunSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(summary.samples, 'sample'), `${summary.changed} changed`, plural(summary.errors, 'error')];
  if (summary.splits > 0) parts.push(plural(summary.splits, 'split'));
  return parts.join(', ');
}
