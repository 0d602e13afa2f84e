import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

describe('src/transforms boundary: pure library, no I/O, no Slack, nothing from the rest of the app', () => {
  const files = sourceFiles(root).filter((path) => !path.endsWith('.test.ts'));

  it('finds the library sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((path) => [relative(root, path), path]))(
    '%s imports only relative modules or zod',
    (_name, path) => {
      for (const specifier of importsOf(path)) {
        const allowed = specifier.startsWith('./') || specifier.startsWith('../') || specifier === 'zod';
        expect(allowed, `${specifier}`).toBe(true);
        if (specifier.startsWith('../')) {
          const target = join(path, '..', specifier);
          expect(relative(root, target).startsWith('..'), `${specifier} leaves src/transforms`).toBe(false);
        }
      }
    },
  );

  it('the scanner catches a forbidden import (self-check)', () => {
    const sample =
      "import { App } from '@slack/bolt';\nimport { x } from '../services/db.js';\nconst fs = await import('node:fs');";
    const found = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(found).toEqual(['@slack/bolt', '../services/db.js', 'node:fs']);
  });
});
