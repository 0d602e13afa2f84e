import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  asPyException,
  checkStepCall,
  findStepFunction,
  literalEval,
  type PyDict,
  type PyValue,
  parseJson,
  pyRepr,
} from './index.js';

/**
 * Differential cases recorded from CPython 3.11 (testdata/generate_golden.py runs
 * testdata/reference_transformation_functions.py on random events and arguments, wrong types included).
 * Each case compares the repr of the result and of the event afterwards (in-place changes, partial changes
 * before an exception), or the exact exception text. A case marked `literal` carries what JSON cannot (tuples,
 * non-str dict keys): its event and args are Python literals, read back with `ast.literal_eval`'s port.
 */
interface GoldenCase {
  fn: string;
  args: string;
  event: string;
  expected: string;
  literal?: boolean;
}

const cases: GoldenCase[] = readFileSync(new URL('./testdata/python-golden.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as GoldenCase);

function runCase(c: GoldenCase): string {
  const load = c.literal === true ? literalEval : parseJson;
  const event = load(c.event) as PyDict;
  const args = load(c.args) as PyDict;
  const problem = checkStepCall(c.fn, [...args.keys()] as string[]);
  if (problem !== undefined) return `ERR ${problem} || ${pyRepr(event)}`;
  const fn = findStepFunction(c.fn);
  if (fn === undefined) throw new Error(`unknown function ${c.fn}`);
  const bound = fn.params.map((p) => (args.has(p.name) ? args.get(p.name) : p.default) as PyValue);
  try {
    const result = fn.invoke(event, bound);
    return `OK ${pyRepr(result)} || ${pyRepr(event)}`;
  } catch (error) {
    const py = asPyException(error);
    if (py === undefined) throw error;
    return `ERR ${py.toString()} || ${pyRepr(event)}`;
  }
}

describe('behaves like the Python originals on recorded cases', () => {
  it('has cases for every step function', () => {
    expect(new Set(cases.map((c) => c.fn)).size).toBe(25);
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it('has split_field_list_to_multiple_events cases on split fields len() refuses and on short or empty ones', () => {
    const split = cases.filter((c) => c.fn === 'split_field_list_to_multiple_events');
    expect(split.length).toBeGreaterThanOrEqual(200);
    expect(split.some((c) => c.literal === true)).toBe(true);
    for (const type of ['NoneType', 'int', 'float', 'bool']) {
      expect(split.some((c) => c.expected.startsWith(`ERR TypeError: object of type '${type}' has no len()`))).toBe(
        true,
      );
    }
    expect(split.some((c) => c.expected.startsWith('OK ') && c.expected.includes("'other': None"))).toBe(true);
  });

  it.each(cases.map((c, i) => [i, c.fn, c] as const))('case %i: %s', (_i, _fn, c) => {
    expect(runCase(c)).toBe(c.expected);
  });

  it('the harness can fail: a changed expectation is detected', () => {
    const first = cases[0] as GoldenCase;
    expect(runCase(first)).not.toBe(`${first.expected} `);
    expect(runCase({ ...first, event: '{"changed": true}' })).not.toBe(first.expected);
  });
});
