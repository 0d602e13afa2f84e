import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/handlers/commands/command-grammar.js';
import { exampleOf, renderCommandTable, withCommandTable } from '../src/handlers/commands/command-reference.js';
import { pipelineCommands } from '../src/handlers/commands/pipeline-commands.js';
import { tokenize } from '../src/handlers/commands/tokenize.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README commands table', () => {
  it('is the table generated from the command specs (run `npm run docs` after changing a command)', () => {
    expect(readme).toBe(withCommandTable(readme, renderCommandTable(pipelineCommands, '/pipeline')));
  });

  it.each(pipelineCommands.map((spec) => [spec.pattern, spec.example ?? exampleOf(spec.pattern)]))(
    'shows an example of `%s` that runs that very command: `%s`',
    (pattern, example) => {
      const parsed = parseCommand(pipelineCommands, tokenize(example), '/pipeline');
      expect(parsed.ok ? parsed.spec.pattern : parsed.error).toBe(pattern);
    },
  );
});
