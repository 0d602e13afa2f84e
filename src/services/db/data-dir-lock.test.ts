import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  acquireDataDirLock,
  DataDirAlreadyHeldError,
  type DataDirLock,
  DataDirLockedError,
  LOCK_FILE_NAME,
} from './data-dir-lock.js';
import { openDatabase } from './open-database.js';

const fixture = fileURLToPath(new URL('../../../test/support/database/fixtures/data-dir-user.ts', import.meta.url));

interface Child {
  readonly process: ChildProcess;
  /** Resolves when the child printed "ready", rejects if it exits before. */
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const children: ChildProcess[] = [];

function startChild(mode: 'lock' | 'open', dataDir: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode, dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready')) resolve();
    });
    void exited.then(({ code, stderr: message }) => reject(new Error(`child exited (${code}): ${message}`)));
  });
  ready.catch(() => undefined);
  return { process: child, ready, exited };
}

/** The pid of a process that has exited: a lock holder that died. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

let dataDir: string;
const locks: DataDirLock[] = [];

function acquire(dir: string, options?: Parameters<typeof acquireDataDirLock>[1]): DataDirLock {
  const lock = acquireDataDirLock(dir, options);
  locks.push(lock);
  return lock;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pipeops-lock-test-'));
});

afterEach(async () => {
  for (const lock of locks.splice(0)) lock.release();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function lockContent(dir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), 'utf8')) as Record<string, unknown>;
}

describe('data directory lock in one process', () => {
  it('creates the directory and a lock file naming this process, and removes it on release', async () => {
    const dir = join(dataDir, 'nested', 'data');
    const lock = acquire(dir);
    expect(await lockContent(dir)).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    lock.release();
  });

  it('refuses a second lock of the same directory by this process', () => {
    acquire(dataDir);
    expect(() => acquire(dataDir)).toThrow(DataDirAlreadyHeldError);
  });

  it('can be taken again after release', () => {
    acquire(dataDir).release();
    expect(() => acquire(dataDir)).not.toThrow();
  });

  it('takes over a lock left by a process that has died', async () => {
    const holder = acquire(dataDir);
    const content = await lockContent(dataDir);
    holder.release();
    await writeFile(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ ...content, pid: await deadPid(), token: 'old' }));
    acquire(dataDir);
    expect(await lockContent(dataDir)).toMatchObject({ pid: process.pid });
  });

  it('takes over a lock whose pid now belongs to another process (pid reused)', async () => {
    const holder = acquire(dataDir);
    const content = await lockContent(dataDir);
    holder.release();
    const unrelated = startChild('lock', join(dataDir, 'elsewhere'));
    await unrelated.ready;
    await writeFile(
      join(dataDir, LOCK_FILE_NAME),
      JSON.stringify({ ...content, pid: unrelated.process.pid, startTicks: '1', token: 'old' }),
    );
    acquire(dataDir);
    expect(await lockContent(dataDir)).toMatchObject({ pid: process.pid });
  });

  it('refuses a fresh lock from another host or container, and takes it over once it is no longer refreshed', async () => {
    const lockFile = join(dataDir, LOCK_FILE_NAME);
    const foreign = {
      pid: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      host: 'replica-2',
      context: 'replica-2|another-boot|pid:[1]',
      startTicks: '42',
      token: 'theirs',
    };
    await writeFile(lockFile, JSON.stringify(foreign));
    expect(() => acquire(dataDir, { staleAfterMs: 60_000 })).toThrow(/pid 1 on host replica-2/);
    const longAgo = new Date(Date.now() - 120_000);
    await utimes(lockFile, longAgo, longAgo);
    acquire(dataDir, { staleAfterMs: 60_000 });
    expect(await lockContent(dataDir)).toMatchObject({ pid: process.pid });
  });

  it('treats a lock file it cannot read as held until it is no longer refreshed', async () => {
    const lockFile = join(dataDir, LOCK_FILE_NAME);
    await writeFile(lockFile, 'written by something else');
    expect(() => acquire(dataDir)).toThrow(DataDirLockedError);
    const longAgo = new Date(Date.now() - 120_000);
    await utimes(lockFile, longAgo, longAgo);
    expect(() => acquire(dataDir)).not.toThrow();
  });

  it('reports when the lock file is removed while held', async () => {
    const onLost = vi.fn();
    acquire(dataDir, { refreshMs: 20, onLost });
    await unlink(join(dataDir, LOCK_FILE_NAME));
    await vi.waitFor(() => expect(onLost).toHaveBeenCalledWith(expect.stringContaining('removed or replaced')));
  });
});

describe('data directory lock across processes', () => {
  it('makes a second process refuse to start while the first holds the directory', async () => {
    acquire(dataDir);
    const second = startChild('open', dataDir);
    const { code, stderr } = await second.exited;
    expect(code).toBe(3);
    expect(stderr).toContain(`Another pipeops process (pid ${process.pid}, started at `);
    expect(stderr).toContain(`is using the data directory ${dataDir}`);
    expect(stderr).toContain('set DATABASE_URL to use PostgreSQL');
  });

  it('refuses to open the database while a running bot process has it open', async () => {
    const bot = startChild('open', dataDir);
    await bot.ready;
    const error = await openDatabase({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ holderPid: bot.process.pid });
    bot.process.stdin?.end();
    expect((await bot.exited).code).toBe(0);
  });

  it('is released when the holding process exits, and taken over when it was killed', async () => {
    const polite = startChild('lock', dataDir);
    await polite.ready;
    expect(() => acquire(dataDir)).toThrow(DataDirLockedError);
    polite.process.stdin?.end();
    await polite.exited;
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);

    const killed = startChild('lock', dataDir);
    await killed.ready;
    killed.process.kill('SIGKILL');
    await killed.exited;
    expect(await lockContent(dataDir)).toMatchObject({ pid: killed.process.pid });
    acquire(dataDir);
    expect(await lockContent(dataDir)).toMatchObject({ pid: process.pid });
  });

  it('gives a stale lock to exactly one of several processes racing for it', async () => {
    const holder = acquire(dataDir);
    const content = await lockContent(dataDir);
    holder.release();
    await writeFile(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ ...content, pid: await deadPid(), token: 'old' }));

    const racers = Array.from({ length: 4 }, () => startChild('lock', dataDir));
    // Each racer either holds the lock (ready, until we end its stdin) or exits refused.
    const outcomes = await Promise.all(
      racers.map((racer) =>
        Promise.race([racer.ready.then(() => 'holds' as const), racer.exited.then(({ code }) => code)]),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'holds')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 3)).toHaveLength(3);
  });
});
