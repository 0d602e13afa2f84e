import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrkdwnProblems, outsideCode } from '../../../test/support/slack-markup.js';
import {
  codeBlock,
  escapeMrkdwn,
  fitPlainText,
  inlineCode,
  LOOK_ALIKES,
  literalMrkdwn,
  messageMrkdwn,
  slackLink,
  truncateMrkdwn,
} from './untrusted-text.js';

// 100 runs per property by default (fast-check's default); FUZZ_RUNS=10000 for a long search.
fc.configureGlobal({ numRuns: Number(process.env.FUZZ_RUNS ?? 100) });

/** Pieces that mean something to Slack, mixed with arbitrary text, so that generated strings are hostile. */
const HOSTILE = [
  '<!channel>',
  '<!everyone>',
  '<!here>',
  '<@U123>',
  '<#C123>',
  '<https://evil|Approve here>',
  '*zqb*',
  '_zqi_',
  '~zqs~',
  '`zqc`',
  '```zqf```',
  '`',
  '``',
  '&lt;!channel&gt;',
  '&amp;',
  '&',
  '> zqq',
  '\n> zqq',
  '\n',
  ' ',
  'a_b',
  '😀',
  'e\u0301',
  '\u202e',
  LOOK_ALIKES['*'],
];
const hostile = fc
  .array(
    fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

const rules = { users: [] };
const unescapeEntities = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** Maps look-alikes back to the ASCII they stand for (and `␠`/`␉` to a space/tab). */
const restore = (text: string) =>
  Array.from(text)
    .map((char) => {
      if (char === '␠') return ' ';
      if (char === '␉') return '\t';
      const ascii = Object.entries(LOOK_ALIKES).find(([, look]) => look === char)?.[0];
      return ascii ?? char;
    })
    .join('');

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >, reversibly', () => {
    expect(escapeMrkdwn('a < b && c > "d" *e*')).toBe('a &lt; b &amp;&amp; c &gt; "d" *e*');
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeMrkdwn(s);
        expect(out).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        expect(unescapeEntities(out)).toBe(s);
      }),
    );
  });
});

describe('literalMrkdwn', () => {
  it('shows any text literally: no control sequence, no formatting, no quote, nothing lost but look-alikes', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = literalMrkdwn(s);
        expect(mrkdwnProblems(out, rules)).toEqual([]);
        expect(out).not.toMatch(/[*~`]/);
        // An underscore is left only inside a word, where Slack does not italicise.
        for (const match of out.matchAll(/_/g)) {
          expect(out.slice((match.index ?? 0) - 1, (match.index ?? 0) + 2)).toMatch(/^[A-Za-z0-9]_[A-Za-z0-9]$/);
        }
        expect(restore(unescapeEntities(out))).toBe(restore(s));
      }),
    );
  });

  it('keeps snake_case names as typed and neutralises the rest', () => {
    expect(literalMrkdwn('orders_db *bold* _it_ ~s~ `c` > q <!channel>')).toBe(
      'orders_db ∗bold∗ ˍitˍ ∼s∼ ˋcˋ &gt; q &lt;!channel&gt;',
    );
    expect(literalMrkdwn('> quoted\n  > again')).toBe('› quoted\n  › again');
  });

  it('stays literal wherever our template puts it (start of a line, inside bold, next to words)', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const text = `*Title*\n${literalMrkdwn(a)}x${literalMrkdwn(b)} *${literalMrkdwn(a)}*`;
        expect(mrkdwnProblems(text, rules)).toEqual([]);
      }),
    );
  });
});

describe('inlineCode', () => {
  it('is one code span whatever the value, holding the value modulo look-alikes', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = inlineCode(s, 10_000);
        if (s === '') {
          expect(out).toBe('_(empty)_');
          return;
        }
        expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        expect(out.match(/`/g)).toHaveLength(2);
        const content = out.slice(1, -1);
        expect(content).not.toMatch(/[<>\n]|&(?!amp;|lt;|gt;)/);
        expect(restore(unescapeEntities(content))).toBe(restore(s.replace(/\r\n|\r|\n/g, ' ')));
        expect(outsideCode(`before ${out} after`)).toBe('before   after');
      }),
    );
  });

  it('keeps formatting characters exact inside the span and cuts long values', () => {
    expect(inlineCode('a*b_c~d`e')).toBe('`a*b_c~dˋe`');
    expect(inlineCode(' padded ')).toBe('`␠padded␠`');
    expect(inlineCode('\tx\t')).toBe('`␉x␉`');
    expect(inlineCode('x'.repeat(100), 10)).toBe(`\`${'x'.repeat(9)}…\``);
  });
});

describe('codeBlock', () => {
  it('fences short text untouched but escaped', () => {
    expect(codeBlock('a <b>', 100)).toEqual({ text: '```\na &lt;b&gt;\n```', truncated: false });
  });

  it('is one fenced block within the limit, whatever the text', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 60, max: 400 }), (s, max) => {
        const { text } = codeBlock(s, max);
        expect(text.length).toBeLessThanOrEqual(max);
        expect(text.startsWith('```\n') && text.endsWith('\n```')).toBe(true);
        expect(text.match(/```/g)).toHaveLength(2);
        expect(mrkdwnProblems(`before\n${text}\nafter`, rules)).toEqual([]);
      }),
    );
  });

  it('cannot be closed early by any run of backticks', () => {
    for (const run of ['```', '````', '`````', '``````']) {
      expect(codeBlock(`before ${run} after`, 100).text.match(/```/g)).toHaveLength(2);
    }
  });

  it('cuts long text on a line boundary within the limit and says how much is missing', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i} <x>`).join('\n');
    const block = codeBlock(text, 3000);
    expect(block.truncated).toBe(true);
    expect(block.text.length).toBeLessThanOrEqual(3000);
    expect(block.text).toMatch(/… \d+ more lines\n```$/);
    expect(block.text).toContain('line 0 &lt;x&gt;');
  });
});

describe('messageMrkdwn', () => {
  it('shows quoted values as code and the rest literally, whatever the values hold', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const out = messageMrkdwn(`No input named \`${a}\`. Inputs: ${b}.`);
        expect(mrkdwnProblems(out, rules)).toEqual([]);
      }),
    );
  });

  it('renders what services write as they meant it', () => {
    expect(messageMrkdwn('No input named `nope`. Inputs: orders_db, a_b.')).toBe(
      'No input named `nope`. Inputs: orders_db, a_b.',
    );
    expect(messageMrkdwn('<mode> must be one of AUTO_MAP, STRICT')).toBe(
      '&lt;mode&gt; must be one of AUTO_MAP, STRICT',
    );
    expect(messageMrkdwn('Event type `X` is already in `STRICT` mode.')).toBe(
      'Event type `X` is already in `STRICT` mode.',
    );
    // A value holding backticks stays one span; a lone backtick is prose.
    expect(messageMrkdwn('No input named `a`b*zqb*`.')).toBe('No input named `aˋb*zqb*`.');
    expect(messageMrkdwn('unexpected `')).toBe('unexpected ˋ');
  });
});

describe('truncateMrkdwn', () => {
  it('does not leave an intraword underscore at the cut, where it could close italics', () => {
    expect(truncateMrkdwn(literalMrkdwn('snake_case'), 7)).toBe('snakeˍ…');
    // Found by the property below: the cut took the `0` after `zqi_`.
    const cut = truncateMrkdwn(['_(empty)_', literalMrkdwn('&_zqi_0'), '_(empty)_'].join(' '), 21);
    expect(cut).toBe('_(empty)_ &amp;ˍzqiˍ…');
    expect(mrkdwnProblems(cut, rules)).toEqual([]);
    // Our own closing underscore (after a parenthesis) stays.
    expect(truncateMrkdwn('_(empty)_ and more', 10)).toBe('_(empty)_…');
  });

  it('never leaves a code span or block open, and fits', () => {
    const piece = fc.oneof(
      hostile.map((s) => literalMrkdwn(s)),
      hostile.map((s) => inlineCode(s)),
      hostile.map((s) => codeBlock(s, 200).text),
      fc.constantFrom('*Status*\n', ' · ', '\n'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.integer({ min: 5, max: 300 }), (pieces, max) => {
        const out = truncateMrkdwn(pieces.join(' '), max);
        expect(Array.from(out).length).toBeLessThanOrEqual(max);
        expect(mrkdwnProblems(out, rules)).toEqual([]);
      }),
    );
  });
});

describe('fitPlainText', () => {
  it('cuts to the UTF-16 limit and is never empty', () => {
    expect(fitPlainText('😀'.repeat(100), 150).length).toBeLessThanOrEqual(150);
    expect(fitPlainText('  ', 150)).toBe('–');
    expect(fitPlainText('<!channel> *x*', 150)).toBe('<!channel> *x*');
  });
});

describe('slackLink', () => {
  it('links only http(s) URLs, which cannot end the link early; the label is literal', () => {
    expect(slackLink('https://a.example/x?b=1|c>d', 'Runbook <ops> *x*')).toBe(
      '<https://a.example/x?b=1%7Cc%3Ed|Runbook &lt;ops&gt; ∗x∗>',
    );
    expect(slackLink('javascript:alert(1)', 'click')).toBe('click');
    fc.assert(
      fc.property(hostile, hostile, (path, label) => {
        const link = slackLink(`https://x.example/${path.replace(/\s/g, '')}`, label);
        expect(mrkdwnProblems(link, { users: [], linkLabels: [literalMrkdwn(label).replace(/\|/g, '/')] })).toEqual([]);
      }),
    );
  });
});
