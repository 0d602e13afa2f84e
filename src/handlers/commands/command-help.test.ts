import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandHelp } from './command-help.js';
import { buildPipelineHelp, pipelineCommands } from './pipeline-commands.js';

/** Every block's text, as one string (Block Kit JSON: no quotes or newlines in what is looked for). */
const allText = (blocks: unknown[]) => JSON.stringify(blocks);
const spec = (pattern: string, description = `does ${pattern}`) => ({ pattern, description, args: z.object({}) });
const commands = [
  spec('status', 'Overview.'),
  spec('input list'),
  spec('input pause <input>'),
  spec('mapping <event> mode <mode>'),
  spec('mapping <event> field <path> type <type>'),
  spec('mapping <event> field <path> drop'),
  spec('help [topic]', 'Help.'),
];

describe('commandHelp', () => {
  const help = commandHelp(commands);

  it('gives one line per family: the subcommands and the topic command, or a family of one as itself', () => {
    const text = allText(help('/pipeline').blocks);
    expect(text).toContain('*input*  list · pause  →  `/pipeline help input`');
    // Placeholders are not verbs; a verb used by several commands is listed once.
    expect(text).toContain('*mapping*  mode · field  →  `/pipeline help mapping`');
    expect(text).toContain('*status*  `/pipeline status`  Overview.');
    expect(text).toContain('`/pipeline help all`');
    expect(text).not.toContain('does input list');
  });

  it('lists one family’s commands with their usage, the topic matched case-insensitively', () => {
    const text = allText(help('/pipeline', 'INPUT').blocks);
    expect(text).toContain('`/pipeline input pause &lt;input&gt;`');
    expect(text).toContain('does input list');
    expect(text).not.toContain('mapping');
    expect(help('/pipeline', 'input').blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'pipeops: input commands' },
    });
  });

  it('lists every command for `all`', () => {
    const text = allText(help('/pipeline', 'all').blocks);
    for (const c of commands)
      expect(text).toContain(`/pipeline ${c.pattern}`.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('answers an unknown topic with the topics and a guess, quoting the user’s text as code', () => {
    const message = help('/pipeline', 'inptu');
    expect(message.text).toContain('there is no help topic `inptu`. Topics: status, input, mapping, help, all.');
    expect(message.text).toContain('Did you mean `input`?');
    expect(message.text).toContain('Usage: `/pipeline help [topic]`');
    // User text never becomes markup: a mention stays text.
    expect(help('/pipeline', '<!channel>').text).not.toContain('<!channel>');
  });

  it('returns the same frozen message for the same topic (its acknowledgement is serialised once)', () => {
    expect(help('/pipeline', 'input')).toBe(help('/pipeline', 'Input'));
    expect(Object.isFrozen(help('/pipeline'))).toBe(true);
    // The user's unknown topics are not kept.
    expect(help('/pipeline', 'nope')).not.toBe(help('/pipeline', 'nope'));
  });
});

describe('/pipeline help', () => {
  it('names every family of /pipeline in the overview, and every command’s usage in some topic', () => {
    const overview = allText(buildPipelineHelp('/pipeline').blocks);
    const families = [...new Set(pipelineCommands.map((c) => c.pattern.split(' ')[0] ?? ''))];
    for (const family of families) expect(overview).toContain(`*${family}*`);
    const topics = families.map((family) => allText(buildPipelineHelp('/pipeline', family).blocks)).join('\n');
    for (const command of pipelineCommands) {
      expect(topics).toContain(`/pipeline ${command.pattern}`.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('keeps the overview short: it is what the acknowledgement of a bare /pipeline carries', () => {
    expect(JSON.stringify(buildPipelineHelp('/pipeline')).length).toBeLessThan(
      JSON.stringify(buildPipelineHelp('/pipeline', 'all')).length / 4,
    );
  });
});
