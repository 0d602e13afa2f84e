// `npm run docs`: rewrites README.md's commands table (between <!-- commands:start --> and <!-- commands:end -->)
// from the command specs, so that it cannot drift from what the bot parses. test/readme-commands.test.ts checks it.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderCommandTable, withCommandTable } from '../src/handlers/commands/command-reference.ts';
import { pipelineCommands } from '../src/handlers/commands/pipeline-commands.ts';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withCommandTable(before, renderCommandTable(pipelineCommands, '/pipeline'));
if (after === before) {
  process.stdout.write('README.md: the commands table is up to date.\n');
} else {
  writeFileSync(file, after);
  process.stdout.write(`README.md: commands table rewritten (${pipelineCommands.length} commands).\n`);
}
