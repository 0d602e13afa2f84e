import { describe, expect, it } from 'vitest';
import { codeBlock, escapeMrkdwn, mention, truncate } from './mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a < b && c > "d" *e*')).toBe('a &lt; b &amp;&amp; c &gt; "d" *e*');
  });
});

describe('truncate', () => {
  it('counts code points, not UTF-16 units, and marks the cut', () => {
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('codeBlock', () => {
  it('fences short text untouched but escaped', () => {
    expect(codeBlock('a <b>', 100)).toEqual({ text: '```\na &lt;b&gt;\n```', truncated: false });
  });

  it('cuts long text on a line boundary within the limit and says how much is missing', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i} <x>`).join('\n');
    const block = codeBlock(text, 3000);
    expect(block.truncated).toBe(true);
    expect(block.text.length).toBeLessThanOrEqual(3000);
    expect(block.text).toMatch(/… \d+ more lines\n```$/);
    expect(block.text).toContain('line 0 &lt;x&gt;');
  });

  it('cuts a single overlong line instead of showing nothing', () => {
    const block = codeBlock('x'.repeat(10_000), 500);
    expect(block.text.length).toBeLessThanOrEqual(500);
    expect(block.text).toContain('xxxx');
  });

  it('cannot be closed early by backticks in the content', () => {
    const block = codeBlock('before ``` after', 100);
    expect(block.text.match(/```/g)).toHaveLength(2);
  });
});

describe('mention', () => {
  it('mentions only Slack user ids; anything else is shown literally', () => {
    expect(mention('UALICE')).toBe('<@UALICE>');
    expect(mention('W012ABC')).toBe('<@W012ABC>');
    expect(mention('system')).toBe('pipeops');
    expect(mention('U1> <!channel')).toBe('U1&gt; &lt;!channel');
  });
});
