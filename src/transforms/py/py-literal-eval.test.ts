import { describe, expect, it } from 'vitest';
import { repr } from '../testing/py-literals.js';
import { literalEval } from './py-literal-eval.js';

describe('literalEval (ast.literal_eval)', () => {
  it.each([
    ["{'a': 1, 'b': None, 'c': True}", "{'a': 1, 'b': None, 'c': True}"],
    ["[1, 2.5, 'x', (1, 2), {'k': [None]}]", "[1, 2.5, 'x', (1, 2), {'k': [None]}]"],
    ["{'b': 1, 2: 'x'}", "{'b': 1, 2: 'x'}"],
    ["{1: 'a', 1.0: 'b', True: 'c'}", "{1: 'c'}"],
    ['0x1F', '31'],
    ['0o17', '15'],
    ['0b11', '3'],
    ['1_000', '1000'],
    ['1.', '1.0'],
    ['.5', '0.5'],
    ['-1.5e3', '-1500.0'],
    ['1e400', 'inf'],
    ['-(1)', '-1'],
    ['1, 2', '(1, 2)'],
    ['(1,)', '(1,)'],
    ['()', '()'],
    ["u'x' 'y'", "'xy'"],
    ['r"a\\n"', "'a\\\\n'"],
    ['"\\x41\\101\\u00e9\\U0001F600"', "'AAé😀'"],
    ['"\\q"', "'\\\\q'"],
    ["'''tri\nple'''", "'tri\\nple'"],
    ['  5  # comment', '5'],
    ['\n\n5\n\n', '5'],
    ['[\n 1,\n 2,\n]', '[1, 2]'],
    ['"2.4"', "'2.4'"],
  ])('%j → %s', (text, expected) => {
    expect(repr(literalEval(text))).toBe(expected);
  });

  it.each([
    'none',
    '--1',
    '-True',
    '1 + 2',
    '007',
    '1__0',
    '1e',
    '\n  5',
    '5\n\t',
    '"a\nb"',
    "b'x'",
    'f"x"',
    '{1, 2}',
    'set()',
    '1j',
    '"\\N{BULLET}"',
    '{[1]: 2}',
    '[1 2]',
    "x'y'",
    '\u00a05',
    '',
  ])('fails on %j (the caller keeps the string)', (text) => {
    expect(() => literalEval(text)).toThrow();
  });

  it('fails on anything that is not a string', () => {
    expect(() => literalEval(5)).toThrow();
    expect(() => literalEval(null)).toThrow();
  });

  it('allows 200 nested brackets and refuses 201, as CPython does', () => {
    expect(() => literalEval(`${'['.repeat(200)}${']'.repeat(200)}`)).not.toThrow();
    expect(() => literalEval(`${'['.repeat(201)}${']'.repeat(201)}`)).toThrow();
  });
});
