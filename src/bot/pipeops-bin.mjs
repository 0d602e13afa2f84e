#!/usr/bin/env node
// The `pipeops` command (package.json "bin"): runs the compiled CLI that `npm install` builds into dist/ (no
// TypeScript compiler at run time). Checked first so that a missing build reads as what it is, not as a stack.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiledCli = new URL('../../dist/bot/cli.js', import.meta.url);
if (!existsSync(compiledCli)) {
  process.stderr.write(
    `pipeops: the compiled CLI is missing (${fileURLToPath(compiledCli)}): run npm install (or npm run build)\n`,
  );
  process.exit(2);
}
const { runCli } = await import(compiledCli.href);
process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
