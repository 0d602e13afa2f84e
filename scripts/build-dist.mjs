#!/usr/bin/env node
/**
 * Builds the JavaScript that production runs: `tsc -p tsconfig.build.json` (src → dist), then mirrors into dist the
 * files src reads at run time next to its modules (the SQL migrations, any other non-TypeScript file), and prunes
 * outputs whose source is gone, so a renamed module or migration never lingers in dist. Last, the bot's entry point
 * is bundled with esbuild into dist/bundle/ (our ~300 modules and the pure-JavaScript packages in one file): loading
 * them one by one cost ~0.55 s of every start. Modules loaded on first use (the chart renderer) stay separate chunks.
 *
 *   node scripts/build-dist.mjs              the `prepare`/`build` step: type-checks, fails on a type error
 *   node scripts/build-dist.mjs --if-stale   tests and benchmarks: only when src changed since the last build, and
 *                                            without type-checking (`npm run typecheck` does that): a few
 *                                            milliseconds when dist is fresh, the changed files transpiled alone
 *                                            after an edit, tsc --noCheck over everything after a config change
 *
 * Concurrent callers (two test runs) take turns through a lock directory; the second finds dist fresh.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axiosWebGlobalsOnDemand, defaultAlertRulesRead, packagesOnDemand } from './bundle-plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');
const distDir = join(root, 'dist');
const stampFile = join(distDir, '.build-stamp');
const lockDir = join(root, '.dist-build-lock');
/** Inputs besides src whose change changes the output (this script and its bundle plugins among them). */
const configFiles = [
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'scripts/build-dist.mjs',
  'scripts/bundle-plugins.mjs',
].map((name) => join(root, name));
/** Written by tsc or by this script, never mirrored from src. */
const buildBookkeeping = new Set(['.tsbuildinfo', '.build-stamp']);
/**
 * Left to node_modules: native addons (better-sqlite3, pg-native), PGlite (only `db import-pglite`, on demand), the
 * chart renderer's packages (loaded on first use; resvg's WASM and the font are files), and optional peers of
 * bundled packages (ws, pino).
 */
const BUNDLE_EXTERNALS = [
  'better-sqlite3',
  'pg-native',
  '@electric-sql/pglite',
  'echarts',
  '@resvg/resvg-wasm',
  'dejavu-fonts-ttf',
  'bufferutil',
  'utf-8-validate',
  'thread-stream',
  'pino-pretty',
];

/** The bundled entry point and its chunks: built from dist, not mirrored from src. */
const bundleDir = join(distDir, 'bundle');
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

async function withLock(work) {
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
    return await work();
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
    if (buildBookkeeping.has(output) || output.startsWith(`bundle${sep}`)) continue;
    const source = output.endsWith('.js') ? `${output.slice(0, -3)}.ts` : output;
    if (!sources.has(source)) rmSync(join(distDir, output));
  }
}

/**
 * Only sources changed since the last build, not the compiler options: then the changed files can be transpiled one
 * by one. With `erasableSyntaxOnly` and `verbatimModuleSyntax` a module's JavaScript depends on that module alone,
 * so ts.transpileModule emits exactly what tsc does, in milliseconds instead of a whole-program build.
 */
function onlySourcesChanged(since) {
  return Number.isFinite(since) && configFiles.every((file) => statSync(file).mtimeMs < since);
}

/** Transpiles the sources newer than `since` or without output; returns how many, and the syntax errors seen. */
function transpileChanged(since) {
  const ts = createRequire(import.meta.url)('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  // "type": "module": NodeNext emits ES modules for every .ts file, which transpileModule cannot tell on its own.
  const compilerOptions = {
    ...parsed.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  let count = 0;
  let errors = 0;
  for (const file of parsed.fileNames) {
    if (file.endsWith('.d.ts')) continue;
    const target = join(distDir, relative(srcDir, file)).replace(/\.ts$/, '.js');
    if (existsSync(target) && statSync(file).mtimeMs < since) continue;
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: true,
    });
    for (const diagnostic of output.diagnostics ?? []) {
      errors++;
      process.stderr.write(
        `${relative(root, file)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n`,
      );
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
    count++;
  }
  return { count, errors };
}

/** dist/bot/main.js and what it imports from dist, as one ES module (plus lazily loaded chunks) in dist/bundle. */
async function bundle() {
  const esbuild = createRequire(import.meta.url)('esbuild');
  rmSync(bundleDir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [join(distDir, 'bot/main.js')],
    outdir: bundleDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Pure-JavaScript packages are bundled too (Bolt, axios, zod, pino, …): resolving and loading their ~900 files
    // one by one cost ~0.35 s of every start (measured: 0.63 s to listening instead of 1.0 s). What loads files by
    // path, native addons, optional peers and what is imported on first use stays in node_modules.
    external: BUNDLE_EXTERNALS,
    plugins: [packagesOnDemand, axiosWebGlobalsOnDemand, defaultAlertRulesRead],
    // Bundled CommonJS calls require() for Node's own modules and the externals; an ES module has none.
    banner: {
      js: "import { createRequire as __pipeopsRequire } from 'node:module'; const require = __pipeopsRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return result.errors.length === 0 ? 0 : 1;
}

/** tsc over the whole program; with --if-stale without type-checking (`npm run typecheck` does that). */
function compileAll() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', join(root, 'tsconfig.build.json'), ...(ifStale ? ['--noCheck'] : [])];
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;
}

async function build() {
  const started = Date.now();
  const since = builtAt();
  let status;
  let what;
  if (ifStale && onlySourcesChanged(since)) {
    const { count, errors } = transpileChanged(since);
    status = errors > 0 ? 2 : 0;
    what = `transpiled ${count} changed file(s)`;
  } else {
    status = compileAll();
    what = 'compiled src/';
  }
  // Exit status 2 as tsc's: errors reported, JavaScript emitted anyway. For tests that is a file someone is in the
  // middle of editing: its own tests will say so; dist is not stamped, so the next run builds again.
  const emittedDespiteErrors = ifStale && status === 2;
  if (status !== 0 && !emittedDespiteErrors) {
    process.stderr.write(`build-dist: tsc exited with ${status}\n`);
    return 1;
  }
  mirrorAssets();
  if ((await bundle()) !== 0) {
    process.stderr.write('build-dist: bundling dist/bot/main.js failed\n');
    return 1;
  }
  if (emittedDespiteErrors) {
    process.stderr.write('build-dist: dist/ rebuilt despite the errors above (not marked fresh)\n');
    return 0;
  }
  writeFileSync(stampFile, String(started));
  if (ifStale) process.stderr.write(`build-dist: dist/ was older than src/: ${what} in ${Date.now() - started} ms\n`);
  return 0;
}

process.exitCode = ifStale && isFresh() ? 0 : await withLock(() => (ifStale && isFresh() ? 0 : build()));
