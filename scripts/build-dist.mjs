#!/usr/bin/env node
/**
 * Builds the JavaScript that production runs: `tsc -p tsconfig.build.json` (src → dist), then mirrors into dist the
 * files src reads at run time next to its modules (the SQL migrations, any other non-TypeScript file), and prunes
 * outputs whose source is gone, so a renamed module or migration never lingers in dist.
 *
 *   node scripts/build-dist.mjs              the `prepare`/`build` step: type-checks, fails on a type error
 *   node scripts/build-dist.mjs --if-stale   tests and benchmarks: only when src changed since the last build, and
 *                                            without type-checking (`npm run typecheck` does that), so a run costs
 *                                            a few milliseconds when dist is fresh
 *
 * Concurrent callers (two test runs) take turns through a lock directory; the second finds dist fresh.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');
const distDir = join(root, 'dist');
const stampFile = join(distDir, '.build-stamp');
const lockDir = join(root, '.dist-build-lock');
/** Inputs besides src whose change changes the output. */
const configFiles = ['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((name) => join(root, name));
/** Written by tsc or by this script, never mirrored from src. */
const buildBookkeeping = new Set(['.tsbuildinfo', '.build-stamp']);
const LOCK_STALE_MS = 5 * 60_000;

const ifStale = process.argv.includes('--if-stale');

/** Every file under `dir` (relative paths), skipping what never ships: tests and test data. */
function listFiles(dir, { skipTests }) {
  const found = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!(skipTests && entry.name === 'testdata')) walk(path);
      } else if (!(skipTests && /\.test\.[cm]?[jt]s$/.test(entry.name))) {
        found.push(relative(dir, path));
      }
    }
  };
  walk(dir);
  return found;
}

/** Latest modification under src (files and directories: a deleted or renamed file changes its directory). */
function newestInputMtime() {
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(srcDir);
  for (const file of configFiles) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

function builtAt() {
  try {
    return Number(readFileSync(stampFile, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

const isFresh = () => builtAt() > newestInputMtime();

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(work) {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lockDir).mtimeMs;
      } catch {
        continue;
      }
      // A build killed half-way leaves its lock behind: no build takes this long.
      if (age > LOCK_STALE_MS || Date.now() > deadline) rmSync(lockDir, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Copies the run-time assets of src into dist and removes from dist what src no longer has. */
function mirrorAssets() {
  const sources = new Set(listFiles(srcDir, { skipTests: true }));
  const assets = [...sources].filter((path) => !path.endsWith('.ts'));
  for (const asset of assets) {
    const target = join(distDir, asset);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(srcDir, asset), target);
  }
  for (const output of listFiles(distDir, { skipTests: false })) {
    if (buildBookkeeping.has(output)) continue;
    const source = output.endsWith('.js') ? `${output.slice(0, -3)}.ts` : output;
    if (!sources.has(source)) rmSync(join(distDir, output));
  }
}

function build() {
  const started = Date.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', join(root, 'tsconfig.build.json'), ...(ifStale ? ['--noCheck'] : [])];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  // tsc's exit status 2: errors reported, JavaScript emitted anyway. For tests that is a file someone is in the
  // middle of editing: its own tests will say so; dist is not stamped, so the next run rebuilds.
  const emittedDespiteErrors = ifStale && result.status === 2;
  if (result.status !== 0 && !emittedDespiteErrors) {
    process.stderr.write(`build-dist: tsc exited with ${result.status ?? result.signal}\n`);
    return 1;
  }
  mirrorAssets();
  if (emittedDespiteErrors) {
    process.stderr.write('build-dist: dist/ rebuilt despite the errors above (not marked fresh)\n');
    return 0;
  }
  writeFileSync(stampFile, String(started));
  if (ifStale) process.stderr.write(`build-dist: rebuilt dist/ from src/ in ${Date.now() - started} ms\n`);
  return 0;
}

process.exitCode = ifStale && isFresh() ? 0 : withLock(() => (ifStale && isFresh() ? 0 : build()));
