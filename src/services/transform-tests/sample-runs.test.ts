import { describe, expect, it } from 'vitest';
import { type PyDict, parseEventJson } from '../../transforms/index.js';
import type { TransformRunResult } from '../pipeline/transform-contract.js';
import { sampleEffectPreview, sampleLabel } from './sample-effect.js';
import { formatRunSummary, reportSampleRun, type SampleRun, summarizeRuns } from './sample-runs.js';

const event = (text: string): PyDict => parseEventJson(text);
const ok = (...texts: string[]): TransformRunResult => ({ ok: true, events: texts.map(event) });
const failed = (step: number, fn: string, message: string): TransformRunResult => ({
  ok: false,
  error: { step, fn, message },
});
const run = (number: number, input: string, result: TransformRunResult): SampleRun => ({
  number,
  uuid: number === 1 ? 'uuid-1' : null,
  input: event(input),
  result,
});

describe('reportSampleRun', () => {
  it('shows a compact before/after diff of a changed sample', () => {
    expect(reportSampleRun(run(1, '{"myField": 1, "b": 2}', ok('{"my_field": 1, "b": 3}')))).toEqual({
      status: 'changed',
      lines: ['» myField → my_field', '~ b: 2 → 3'],
    });
  });

  it('says unchanged, dropped, and shows each event of a split', () => {
    expect(reportSampleRun(run(1, '{"a": 1}', ok('{"a": 1}'))).status).toBe('unchanged');
    expect(reportSampleRun(run(1, '{"a": 1}', ok()))).toEqual({
      status: 'dropped',
      lines: ['→ no output event (dropped)'],
    });
    expect(reportSampleRun(run(1, '{"items": [1, 2]}', ok('{"item": 1}', '{"items": [1, 2]}')))).toEqual({
      status: 'split',
      lines: [
        '→ split into 2 events',
        'event 1/2:',
        '  - items: [1, 2]',
        '  + item: 1',
        'event 2/2:',
        '  = same as the sample',
      ],
    });
  });

  it('names the failing step, its function and the Python message', () => {
    expect(reportSampleRun(run(3, '{}', failed(2, 'add_composite_key', "KeyError: 'created_at'")))).toEqual({
      status: 'error',
      lines: ["✗ step 2 add_composite_key: KeyError: 'created_at'"],
    });
    expect(
      reportSampleRun(run(3, '{}', { ok: false, error: { step: null, fn: null, message: 'TypeError: x' } })).lines,
    ).toEqual(['✗ output: TypeError: x']);
  });

  it('summarises: N samples, N changed, N errors (and splits)', () => {
    const reports = [
      reportSampleRun(run(1, '{"a": 1}', ok('{"a": 2}'))),
      reportSampleRun(run(2, '{"a": 1}', ok('{"a": 1}'))),
      reportSampleRun(run(3, '{"a": 1}', failed(0, 'f', 'KeyError: 1'))),
    ];
    expect(formatRunSummary(summarizeRuns(reports))).toBe('3 samples, 1 changed, 1 error');
    const split = [reportSampleRun(run(1, '{"a": 1}', ok('{"a": 1}', '{"a": 1}')))];
    expect(formatRunSummary(summarizeRuns(split))).toBe('1 sample, 1 changed, 0 errors, 1 split');
  });
});

describe('sampleEffectPreview (old steps vs new steps, per sample)', () => {
  it('compares new outputs with old ones, and counts errors before and after', () => {
    const before = [
      run(1, '{"a": 1}', ok('{"a": 1, "b": 1}')),
      run(2, '{"a": 1}', failed(1, 'add_composite_key', "KeyError: 'created_at'")),
      run(3, '{"a": 1}', ok('{"a": 1}')),
    ];
    const after = [
      run(1, '{"a": 1}', ok('{"a": 1, "b": 2}')),
      run(2, '{"a": 1}', ok('{"a": 1, "c": 1}')),
      run(3, '{"a": 1}', ok('{"a": 1}')),
    ];
    expect(sampleEffectPreview(before, after, 3)).toEqual({
      title: 'Effect on 3 samples',
      summary: '2 of 3 outputs change · errors 1 → 0',
      items: [
        { label: 'sample 1 (uuid-1)', lines: ['~ b: 1 → 2'] },
        {
          label: 'sample 2',
          lines: [
            "✓ error fixed (was step 1 add_composite_key: KeyError: 'created_at'); now, against the sample:",
            '  + c: 1',
          ],
        },
        { label: 'sample 3', lines: ['= output unchanged'] },
      ],
    });
  });

  it('reports new errors, splits, and an event type without samples', () => {
    const before = [run(1, '{"a": [1, 2]}', ok('{"a": [1, 2]}'))];
    expect(sampleEffectPreview(before, [run(1, '{"a": [1, 2]}', failed(0, 'f', 'KeyError: 2'))], 12).items[0]).toEqual({
      label: 'sample 1 (uuid-1)',
      lines: ['✗ now fails: step 0 f: KeyError: 2'],
    });
    const split = sampleEffectPreview(before, [run(1, '{"a": [1, 2]}', ok('{"a": 1}', '{"a": 2}'))], 1);
    expect(split.items[0]?.lines[0]).toBe('→ 1 event before, 2 events now; now, against the sample:');
    expect(sampleEffectPreview([], [], 0).summary).toBe('The event type has no samples to try the new steps on.');
    expect(sampleEffectPreview(before, before, 12).title).toBe('Effect on 1 sample (the first 1 of 12)');
    expect(sampleLabel({ number: 4, uuid: null })).toBe('sample 4');
  });
});
