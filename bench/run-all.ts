/**
 * Runs every `bench/*.bench.ts` in its own child process, one after another, so each prints its own figures and
 * its peak RSS is its own. Exits non-zero when a benchmark fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

let failures = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failures++;
    console.log(`!! ${file} exited with ${result.status ?? result.signal}`);
  }
}
console.log(`\n${files.length} benchmark file(s), ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
