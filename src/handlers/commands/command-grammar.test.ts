import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CommandSpec, parseCommand } from './command-grammar.js';
import { tokenize } from './tokenize.js';

const specs: CommandSpec[] = [
  { pattern: 'input pause <input>', description: '', args: z.object({ input: z.string() }) },
  { pattern: 'input resume <input>', description: '', args: z.object({ input: z.string() }) },
  {
    pattern: 'mapping <event> mode <mode>',
    description: '',
    args: z.object({
      event: z.string(),
      mode: z.enum(['AUTO_MAP', 'STRICT'], { error: 'must be AUTO_MAP or STRICT' }),
    }),
  },
  {
    pattern: 'mapping <event> keys <keys...>',
    description: '',
    args: z.object({ event: z.string(), keys: z.string() }),
  },
  { pattern: 'audit [resource]', description: '', args: z.object({ resource: z.string().optional() }) },
];

const parse = (text: string) => parseCommand(specs, tokenize(text), '/pipeline');

describe('parseCommand', () => {
  it('matches literals case-insensitively and captures words', () => {
    const result = parse('INPUT Pause orders_db');
    expect(result).toMatchObject({ ok: true, spec: specs[0], args: { input: 'orders_db' } });
  });

  it('captures the event before the verb', () => {
    expect(parse('mapping PUBLIC.ORDERS mode STRICT')).toMatchObject({
      ok: true,
      args: { event: 'PUBLIC.ORDERS', mode: 'STRICT' },
    });
  });

  it('joins the rest of the words for a rest capture', () => {
    expect(parse('mapping E keys ID, CREATED_AT')).toMatchObject({ ok: true, args: { keys: 'ID, CREATED_AT' } });
  });

  it('accepts and omits an optional last word', () => {
    expect(parse('audit')).toMatchObject({ ok: true, args: {} });
    expect(parse('audit orders')).toMatchObject({ ok: true, args: { resource: 'orders' } });
  });

  it('explains a missing argument with the usage line', () => {
    expect(parse('input pause')).toEqual({
      ok: false,
      error: 'missing <input>',
      usages: ['/pipeline input pause <input>'],
    });
  });

  it('reports the zod message for an invalid value', () => {
    const result = parse('mapping E mode LOUD');
    expect(result).toEqual({
      ok: false,
      error: '<mode> must be AUTO_MAP or STRICT',
      usages: ['/pipeline mapping <event> mode <mode>'],
    });
  });

  it('refuses extra words', () => {
    expect(parse('input pause a b')).toMatchObject({ ok: false, error: 'unexpected `b`' });
  });

  it('lists every usage that shares the matched prefix', () => {
    const result = parse('input frobnicate x');
    expect(result).toMatchObject({
      ok: false,
      usages: ['/pipeline input pause <input>', '/pipeline input resume <input>'],
    });
  });

  it('names an unknown command, lists the commands and offers no usage', () => {
    expect(parse('launch rockets')).toEqual({
      ok: false,
      error: 'unknown command `launch`. Commands: input, mapping, audit',
      usages: [],
    });
  });

  it('guesses a mistyped command and shows its usages', () => {
    expect(parse('inptu pause x')).toEqual({
      ok: false,
      error: 'unknown command `inptu`. Did you mean `input`? Commands: input, mapping, audit',
      usages: ['/pipeline input pause <input>', '/pipeline input resume <input>'],
    });
  });

  it('lists the subcommands in words when only the family is given', () => {
    expect(parse('input')).toEqual({
      ok: false,
      error: '`input` takes one of: pause, resume',
      usages: ['/pipeline input pause <input>', '/pipeline input resume <input>'],
    });
  });

  it('lists what can follow an event type, and guesses a typo among them', () => {
    expect(parse('mapping PUBLIC.ORDERS')).toMatchObject({
      ok: false,
      error: '`mapping PUBLIC.ORDERS` takes one of: mode, keys',
    });
    expect(parse('mapping PUBLIC.ORDERS mdoe STRICT')).toEqual({
      ok: false,
      error: 'after `mapping PUBLIC.ORDERS`, `mdoe` is not one of: mode, keys. Did you mean `mode`?',
      usages: ['/pipeline mapping <event> mode <mode>'],
    });
  });

  it('takes an unquoted name with spaces up to the next word of the pattern', () => {
    expect(parse('mapping storefront/checkout completed mode STRICT')).toMatchObject({
      ok: true,
      args: { event: 'storefront/checkout completed', mode: 'STRICT' },
    });
    expect(parse('mapping "a mode b" mode STRICT')).toMatchObject({ ok: true, args: { event: 'a mode b' } });
  });

  it('words zod’s own checks instead of showing validator text', () => {
    const strict: CommandSpec[] = [
      {
        pattern: 'wait <seconds> <label>',
        description: '',
        args: z.object({ seconds: z.coerce.number().int().max(60), label: z.string().min(3) }),
      },
    ];
    expect(parseCommand(strict, tokenize('wait abc xy'), '/p')).toMatchObject({
      ok: false,
      error: '<seconds> must be a number; <label> needs at least 3 characters',
    });
    expect(parseCommand(strict, tokenize('wait 99 xyz'), '/p')).toMatchObject({
      ok: false,
      error: '<seconds> must be at most 60',
    });
  });
});

describe('parseCommand: optional words before options', () => {
  const auditSpecs: CommandSpec[] = [
    {
      pattern: 'audit [resource...] [--page <page>]',
      description: '',
      args: z.object({ resource: z.string().optional(), page: z.string().optional() }),
    },
  ];
  const parseAudit = (text: string) => parseCommand(auditSpecs, tokenize(text), '/pipeline');

  it('takes an unquoted name with spaces, then the options', () => {
    expect(parseAudit('audit my input --page 2')).toMatchObject({
      ok: true,
      args: { resource: 'my input', page: '2' },
    });
    expect(parseAudit('audit --page 2')).toMatchObject({ ok: true, args: { page: '2' } });
    expect(parseAudit('audit')).toMatchObject({ ok: true, args: {} });
  });

  it('guesses a mistyped option', () => {
    expect(parseAudit('audit x --pgae 2')).toMatchObject({
      ok: false,
      error: 'unexpected `--pgae` (options: --page). Did you mean `--page`?',
    });
  });
});

describe('parseCommand: keyword options', () => {
  const optionSpecs: CommandSpec[] = [
    {
      pattern: 'input create <name> from <source> [tables <tables>] [batch <batch>]',
      description: '',
      args: z.object({
        name: z.string(),
        source: z.string(),
        tables: z.string().optional(),
        batch: z.coerce.number().int().positive().optional(),
      }),
    },
    { pattern: 'input list [--type <type>]', description: '', args: z.object({ type: z.string().optional() }) },
  ];
  const parseOptions = (text: string) => parseCommand(optionSpecs, tokenize(text), '/pipeline');

  it('takes options in any order, or none', () => {
    expect(parseOptions('input create a from b')).toMatchObject({ ok: true, args: { name: 'a', source: 'b' } });
    expect(parseOptions('input create a from b BATCH 10 tables x,y')).toMatchObject({
      ok: true,
      args: { name: 'a', source: 'b', tables: 'x,y', batch: 10 },
    });
  });

  it('accepts a dashed keyword, also when Slack made the dashes an em dash', () => {
    expect(parseOptions('input list --type ODBC')).toMatchObject({ ok: true, args: { type: 'ODBC' } });
    expect(parseOptions('input list —type ODBC')).toMatchObject({ ok: true, args: { type: 'ODBC' } });
    expect(parseOptions('input list')).toMatchObject({ ok: true, args: {} });
  });

  it('explains a missing value, a repeated option and an unknown word', () => {
    expect(parseOptions('input create a from b tables')).toMatchObject({
      ok: false,
      error: 'missing <tables> after `tables`',
    });
    expect(parseOptions('input create a from b tables x tables y')).toMatchObject({
      ok: false,
      error: '`tables` given twice',
    });
    expect(parseOptions('input create a from b schema x')).toMatchObject({
      ok: false,
      error: 'unexpected `schema` (options: tables, batch)',
    });
  });

  it('validates option values with the spec’s schema', () => {
    const result = parseOptions('input create a from b batch -3');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^<batch> /);
  });
});

describe('tokenize', () => {
  it('groups quoted words and unescapes what Slack escapes', () => {
    expect(tokenize(`input pause "my input"   'x y' a&amp;b &lt;c&gt;`)).toEqual([
      'input',
      'pause',
      'my input',
      'x y',
      'a&b',
      '<c>',
    ]);
  });

  it('gives nothing for blank text', () => {
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('parseCommand on hostile input', () => {
  it('never throws, whatever the text, and always explains a failure', () => {
    const pieces = [
      'input',
      'pause',
      'mapping',
      'mode',
      'keys',
      '"',
      "'",
      '&lt;',
      '\u0000',
      '😀',
      'ß',
      ' ',
      '\n',
      'x'.repeat(5000),
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: next() % 8 }, () => pieces[next() % pieces.length]).join(next() % 2 ? ' ' : '');
      const result = parse(text);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
    }
  });
});
