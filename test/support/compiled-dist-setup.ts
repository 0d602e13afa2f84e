import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * vitest globalSetup: the tests that spawn the bot or the `pipeops` bin run the compiled dist/ (as production
 * does, without paying tsx at every start). `npm ci` builds it (`prepare`); this rebuilds it, once per run and
 * before any test file, only when src/ changed since, so an edited src is never tested through a stale dist.
 * Costs a few milliseconds when dist is fresh and a few seconds (tsc --noCheck) after an edit.
 */
export default function setup(): void {
  const result = spawnSync(process.execPath, ['scripts/build-dist.mjs', '--if-stale'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.status !== 0) {
    throw new Error(`building dist/ for the tests failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
  }
}
