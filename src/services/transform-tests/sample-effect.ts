import type { PyDict } from '../../transforms/index.js';
import type { ChangePreview } from '../changes/change-kind.js';
import type { TransformRunResult } from '../pipeline/transform-contract.js';
import { diffEvents, formatEventChange } from './event-diff.js';
import { describeRunError, reportSampleRun, type SampleRun } from './sample-runs.js';

/** `sample 2 (2b2b2b-…)`: the number, and the uuid in full (an id is never cut). */
export function sampleLabel(run: Pick<SampleRun, 'number' | 'uuid'>): string {
  return `sample ${run.number}${run.uuid ? ` (${run.uuid})` : ''}`;
}

/** Lines describing how the new output of one sample differs from the old one; empty when it does not. */
function outputChange(before: SampleRun, after: SampleRun): string[] {
  const old: TransformRunResult = before.result;
  const now: TransformRunResult = after.result;
  if (!old.ok && !now.ok) {
    const was = describeRunError(old.error);
    const is = describeRunError(now.error);
    return was === is ? [] : [`✗ still fails, differently: ${is}`, `  (was ${was})`];
  }
  if (!old.ok)
    return [`✓ error fixed (was ${describeRunError(old.error)}); now, against the sample:`, ...indented(after)];
  if (!now.ok) return [`✗ now fails: ${describeRunError(now.error)}`];
  if (old.events.length !== now.events.length) {
    return [
      `→ ${count(old.events.length)} before, ${count(now.events.length)} now; now, against the sample:`,
      ...indented(after),
    ];
  }
  const many = now.events.length > 1;
  return now.events.flatMap((event, i) => {
    const lines = diffEvents(old.events[i] as PyDict, event).map(
      (change) => `${many ? '  ' : ''}${formatEventChange(change)}`,
    );
    return lines.length > 0 && many ? [`event ${i + 1}/${now.events.length}:`, ...lines] : lines;
  });
}

const count = (n: number) => `${n} event${n === 1 ? '' : 's'}`;
const indented = (run: SampleRun) => reportSampleRun(run).lines.map((line) => `  ${line}`);

/**
 * What replacing the steps does to each sample: the same samples run through the old and the new steps, and the
 * outputs compared (`+ a_dictionary_two: …` lines are new-vs-old output, not input-vs-output).
 */
export function sampleEffectPreview(
  before: readonly SampleRun[],
  after: readonly SampleRun[],
  totalSamples: number,
): ChangePreview {
  if (after.length === 0) {
    return { title: 'Effect on samples', summary: 'The event type has no samples to try the new steps on.', items: [] };
  }
  const items = after.map((run, i) => {
    const lines = outputChange(before[i] as SampleRun, run);
    return {
      label: sampleLabel(run),
      lines: lines.length > 0 ? lines : ['= output unchanged'],
      changed: lines.length > 0,
    };
  });
  const changed = items.filter((item) => item.changed).length;
  const errors = (runs: readonly SampleRun[]) => runs.filter((run) => !run.result.ok).length;
  const shown = totalSamples > after.length ? ` (the first ${after.length} of ${totalSamples})` : '';
  return {
    title: `Effect on ${count(after.length).replace('event', 'sample')}${shown}`,
    summary: `${changed} of ${after.length} outputs change · errors ${errors(before)} → ${errors(after)}`,
    items: items.map(({ label, lines }) => ({ label, lines })),
  };
}
