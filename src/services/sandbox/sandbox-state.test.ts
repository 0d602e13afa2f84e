import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxData } from './sandbox-data.js';
import { createSeedData } from './sandbox-seed.js';
import { SandboxState } from './sandbox-state.js';
import { createFileStateStore, type SandboxStateStore } from './sandbox-state-store.js';

const dirs: string[] = [];
function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-sandbox-state-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SandboxState', () => {
  it('leaves state and store untouched when a change throws', () => {
    const saved: SandboxData[] = [];
    const store: SandboxStateStore = { load: () => undefined, save: (data) => saved.push(structuredClone(data)) };
    const state = new SandboxState(store, createSeedData);

    expect(() =>
      state.mutate((data) => {
        data.eventTypes = {};
        throw new Error('rejected');
      }),
    ).toThrow('rejected');

    expect(Object.keys(state.snapshot().eventTypes)).toHaveLength(5);
    expect(saved).toHaveLength(1);
  });

  it('keeps the previous state when persisting fails', () => {
    let failing = false;
    const store: SandboxStateStore = {
      load: () => undefined,
      save: () => {
        if (failing) throw new Error('disk full');
      },
    };
    const state = new SandboxState(store, createSeedData);
    failing = true;

    expect(() => state.mutate((data) => delete data.eventTypes['PUBLIC.ORDERS'])).toThrow('disk full');
    expect(state.snapshot().eventTypes['PUBLIC.ORDERS']).toBeDefined();
  });
});

describe('file state store', () => {
  it('loads nothing when the file is absent, and writes atomically without leftovers', () => {
    const file = stateFile();
    const store = createFileStateStore(file);
    expect(store.load()).toBeUndefined();

    store.save(createSeedData());
    store.save(createSeedData());

    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
    expect(store.load()).toEqual(createSeedData());
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const file = stateFile();
    writeFileSync(file, '{ half a file');

    expect(() => createFileStateStore(file).load()).toThrow(`Sandbox state file ${file} is not valid JSON`);
  });

  it('leaves the previous file and no temporary file when a write fails', () => {
    const file = stateFile();
    const store = createFileStateStore(file);
    store.save(createSeedData());
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    expect(() => store.save(cyclic as unknown as SandboxData)).toThrow();

    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
    expect(store.load()).toEqual(createSeedData());
  });

  it('rejects a state file of another version', () => {
    const file = stateFile();
    writeFileSync(file, JSON.stringify({ ...createSeedData(), version: 2 }));

    expect(() => createFileStateStore(file).load()).toThrow(/at version: /);
  });
});
