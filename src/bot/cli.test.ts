import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repoRoot, 'src/bot/pipeops-bin.mjs');
const workDir = mkdtempSync(join(tmpdir(), 'pipeops-cli-'));

/** Runs the real `pipeops` bin (the compiled CLI in dist/: test/support/compiled-dist-setup.ts) with stdin. */
function pipeops(args: string[], input = '') {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function stepsFile(steps: unknown): string {
  const path = join(workDir, `steps-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof steps === 'string' ? steps : JSON.stringify(steps));
  return path;
}

const SAMPLE =
  '{"myField": "stuff", "createdAt": "2019-08-01 00:00:00", "xmin::text::bigint": 123456789, "aNumber": 6, "id": 1, ' +
  '"aDictionary": {"one": "Some Stuff", "two": "More Stuff", "three": {"Another dict": {"Inside Three": 3.3, "More Inside Three": 3.4}}}, ' +
  '"_metadata": {"@uuid": "1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e", "event_type": "my_schema.my_table", "input_label": "my_input", "@parent_uuid": ""}}';

const GETTING_STARTED = [
  { fn: 'convert_all_event_fields_to_snake_case' },
  {
    fn: 'flatten_json',
    args: { field_or_field_list: 'a_dictionary', levels: 1, keep_original: false, dump_to_string: true },
  },
  { fn: 'add_composite_key', args: { field_list: ['id', 'created_at'], key_name: 'id_created_datetime' } },
  {
    fn: 'map_value_in_list_to_dictionary_key',
    args: {
      mapping_dict_with_lists: { one_to_three: [1, 2, 3], four_to_six: [4, 5, 6] },
      existing_column: 'a_number',
      new_column: 'number_category',
      allow_nulls: true,
      passthrough: true,
    },
  },
];

describe('pipeops transform run (CLI through stdin/stdout)', () => {
  it("prints Python's json.dumps of each output event, and an error line per failing event (exit 1)", () => {
    const { status, stdout, stderr } = pipeops(
      ['transform', 'run', '--steps', stepsFile(GETTING_STARTED)],
      `${SAMPLE}\n{"id": 2}\nnot json\n[1]\n`,
    );
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout.split('\n')).toEqual([
      '{"my_field": "stuff", "created_at": "2019-08-01 00:00:00", "xmin::text::bigint": 123456789, "a_number": 6, "id": 1, ' +
        '"_metadata": {"@uuid": "1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e", "event_type": "my_schema.my_table", "input_label": "my_input", "@parent_uuid": ""}, ' +
        '"a_dictionary_one": "Some Stuff", "a_dictionary_two": "More Stuff", ' +
        '"a_dictionary_three": "{\\"Another dict\\": {\\"Inside Three\\": 3.3, \\"More Inside Three\\": 3.4}}", ' +
        '"id_created_datetime": "1-2019-08-01 00:00:00", "number_category": "four_to_six"}',
      `{"error": "KeyError: '_metadata'", "step": 0, "fn": "convert_all_event_fields_to_snake_case", "line": 2}`,
      '{"error": "JSONDecodeError: Expecting value: line 1 column 1 (char 0)", "line": 3}',
      '{"error": "an event must be a JSON object, got list", "line": 4}',
      '',
    ]);
  });

  it('runs a single function with --fn/--args; exit 0; several output events for a split', () => {
    const { status, stdout } = pipeops(
      ['transform', 'run', '--fn', 'split_event_to_multiple_events', '--args', '{"table_name_list": ["a", "b"]}'],
      '{"x": 1.0, "_metadata": {"event_type": "s.t"}}\r\n\r\n',
    );
    expect(status).toBe(0);
    expect(stdout).toBe(
      '{"x": 1.0, "_metadata": {"event_type": "s.a"}}\n{"x": 1.0, "_metadata": {"event_type": "s.b"}}\n',
    );
  });

  it('prints repr() with --output repr', () => {
    const { stdout } = pipeops(
      [
        'transform',
        'run',
        '--fn',
        'flatten_json',
        '--args',
        '{"field_or_field_list": "a", "levels": 1}',
        '--output',
        'repr',
      ],
      '{"a": {"B": 1.0, "c": null}}\n',
    );
    expect(stdout).toBe("{'a_b': 1.0, 'a_c': None}\n");
  });

  it('reports an output json.dumps refuses as an error line', () => {
    const { status, stdout } = pipeops(
      ['transform', 'run', '--fn', 'flatten_json', '--args', '{"field_or_field_list": "a", "levels": 1}'],
      `{"a": "{(1, 2): 3}"}\n`,
    );
    expect(status).toBe(1);
    expect(stdout).toBe('{"error": "TypeError: keys must be str, int, float, bool or None, not tuple", "line": 1}\n');
  });

  it('streams a large input line by line', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"i": ${i}, "s": "  x  "}`).join('\n');
    const { status, stdout } = pipeops(
      ['transform', 'run', '--fn', 'remove_whitespace', '--args', '{"field_or_field_list": "s"}'],
      lines,
    );
    expect(status).toBe(0);
    const out = stdout.trimEnd().split('\n');
    expect(out.length).toBe(20_000);
    expect(out[19_999]).toBe('{"i": 19999, "s": "x"}');
  });

  it('lists the step functions', () => {
    const { status, stdout } = pipeops(['transform', 'functions']);
    expect(status).toBe(0);
    expect(stdout).toContain(
      'flatten_json(event, field_or_field_list, levels, keep_original=False, dump_to_string=False)',
    );
    expect(stdout.split('\n').filter((line) => /^[a-z_0-9]+\(event/.test(line)).length).toBe(25);
  });
});

describe('pipeops bad usage (exit 2, message on stderr)', () => {
  it.each([
    [['transform', 'run'], 'give exactly one of --steps or --fn'],
    [['transform', 'run', '--fn', 'remove_whitespace', '--steps', 'x.json'], 'give exactly one of --steps or --fn'],
    [['transform', 'run', '--bogus'], "Unknown option '--bogus'"],
    [['transform', 'run', '--fn', 'mark_for_delete', '--output', 'xml'], 'output'],
    [['frobnicate'], 'unknown command: frobnicate'],
    [['transform', 'run', '--steps', '/nonexistent/steps.json'], 'cannot read /nonexistent/steps.json'],
    [
      ['transform', 'run', '--fn', 'flatten_json', '--args', '{"levels": 1,}'],
      '--args is not valid JSON: JSONDecodeError',
    ],
    [
      ['transform', 'run', '--fn', 'flatten_json', '--args', '{"field_or_field_list": "a", "levels": 1, "x": 2}'],
      "TypeError: flatten_json() got an unexpected keyword argument 'x'",
    ],
    [['transform', 'run', '--fn', 'nope'], "NameError: name 'nope' is not defined"],
  ])('%j', (args, message) => {
    const { status, stdout, stderr } = pipeops(args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('validates a steps file with the Python wording and the step index', () => {
    const { status, stderr } = pipeops([
      'transform',
      'run',
      '--steps',
      stepsFile([{ fn: 'mark_for_delete' }, { fn: 'flatten_json', args: { levels: 1 } }]),
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain(
      "step 1 args: TypeError: flatten_json() missing 1 required positional argument: 'field_or_field_list'",
    );
  });
});
