import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Name of the lock file inside the data directory. */
export const LOCK_FILE_NAME = 'pipeops.lock';

/**
 * Thrown when the data directory is in use by another live process. The message says what to do; the fields say
 * who holds it (null where the lock file did not say).
 */
export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly holderPid: number | null;
  readonly holderStartedAt: string | null;
  readonly holderHost: string | null;

  constructor(dataDir: string, holder: LockOwner | null, detail: string) {
    const who = holder ? `pid ${holder.pid}${detail}, started at ${holder.startedAt}` : `unknown process${detail}`;
    super(
      `Another pipeops process (${who}) is using the data directory ${dataDir}. PGlite is single-process: stop ` +
        'it, or set DATABASE_URL to use PostgreSQL for several replicas.',
    );
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.holderPid = holder?.pid ?? null;
    this.holderStartedAt = holder?.startedAt ?? null;
    this.holderHost = holder?.host ?? null;
  }
}

/** Thrown when this process asks again for a data directory it already holds (two databases on one directory). */
export class DataDirAlreadyHeldError extends Error {
  constructor(dataDir: string) {
    super(`This process already holds the data directory ${dataDir}: open it once and share the Database.`);
    this.name = 'DataDirAlreadyHeldError';
  }
}

export interface DataDirLock {
  /** The locked directory (resolved real path). */
  readonly dataDir: string;
  /** Path of the lock file. */
  readonly lockFile: string;
  /** Deletes the lock file if it is still ours and stops refreshing it. Idempotent. */
  release(): void;
}

export interface DataDirLockOptions {
  /**
   * A lock written by a process we cannot check (another host, container or boot) counts as stale once its
   * file has not been refreshed for this long. Default 30 s; holders refresh every `refreshMs`.
   */
  staleAfterMs?: number;
  /** How often a holder refreshes its lock file's mtime. Default 5 s. */
  refreshMs?: number;
  /** Called if the lock file disappears or is replaced while held: another process may now use the directory. */
  onLost?: (message: string) => void;
}

const lockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  host: z.string(),
  /** Where `pid` means something: host + boot + PID namespace. A pid can only be checked in the same context. */
  context: z.string(),
  /** Kernel start time of the process in clock ticks since boot (Linux), to tell a reused pid from the holder. */
  startTicks: z.string().nullable(),
  token: z.string(),
});
type LockOwner = z.infer<typeof lockOwnerSchema>;

function readOptional(path: string, read: (path: string) => string): string {
  try {
    return read(path).trim();
  } catch {
    return '';
  }
}

function processContext(): string {
  const bootId = readOptional('/proc/sys/kernel/random/boot_id', (path) => readFileSync(path, 'utf8'));
  const pidNamespace = readOptional('/proc/self/ns/pid', readlinkSync);
  return [hostname(), bootId, pidNamespace].join('|');
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may itself hold spaces and parentheses). */
function processStartTicks(pid: number | 'self'): string | null {
  const stat = readOptional(`/proc/${pid}/stat`, (path) => readFileSync(path, 'utf8'));
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return afterName[19] ?? null;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files held by this process: lock path → token. */
const heldHere = new Map<string, string>();

type Verdict = { stale: true } | { stale: false; holder: LockOwner | null; detail: string };

function parseOwner(content: string): LockOwner | null {
  try {
    const parsed = lockOwnerSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Is the lock with this content and mtime abandoned? */
function judge(content: string, mtimeMs: number, lockFile: string, staleAfterMs: number): Verdict {
  const holder = parseOwner(content);
  if (holder !== null && holder.context === processContext()) {
    if (holder.pid === process.pid) {
      return heldHere.get(lockFile) === holder.token ? { stale: false, holder, detail: '' } : { stale: true };
    }
    if (!isProcessAlive(holder.pid)) return { stale: true };
    const ticks = processStartTicks(holder.pid);
    // The pid now belongs to a process that started at another time: the holder is gone, its pid reused.
    if (holder.startTicks !== null && ticks !== null && ticks !== holder.startTicks) return { stale: true };
    return { stale: false, holder, detail: '' };
  }
  // Another host, container or boot (or a lock file in an unknown format): its pid cannot be checked from here,
  // only whether its holder still refreshes it.
  const ageMs = Math.max(0, Date.now() - mtimeMs);
  if (ageMs > staleAfterMs) return { stale: true };
  const where = holder ? ` on host ${holder.host}` : '';
  return {
    stale: false,
    holder,
    detail:
      `${where}, lock refreshed ${Math.round(ageMs / 1000)} s ago; if that process is gone, the lock is taken ` +
      `over once it is ${Math.round(staleAfterMs / 1000)} s old`,
  };
}

/** Creates the lock file with O_EXCL and writes it: fails (false) if it exists. */
function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Filesystems without hard links (some network and FUSE mounts) answer link() with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Creates the lock file with its full content at once: written to a private file (O_EXCL), then hard-linked into
 * place. link() fails with EEXIST if the lock exists, the same atomic create-if-absent as O_EXCL, and a reader can
 * never see a half-written lock. Where hard links are not supported, the lock is created with O_EXCL directly; a
 * reader that catches it half-written sees an unknown format, which counts as held while the file is fresh.
 */
function tryCreate(lockFile: string, content: string): boolean {
  const draft = `${lockFile}.${process.pid}.${randomUUID()}`;
  createExclusive(draft, content);
  try {
    linkSync(draft, lockFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (NO_HARD_LINKS.has(code)) return createExclusive(lockFile, content);
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

function createOrExplain(lockFile: string, content: string): boolean {
  try {
    return tryCreate(lockFile, content);
  } catch (error) {
    throw new Error(
      `Cannot create the lock file ${lockFile}: ${(error as Error).message}. The data directory must be writable ` +
        'by the user running pipeops.',
      { cause: error },
    );
  }
}

function readLock(lockFile: string): { content: string; mtimeMs: number } | null {
  try {
    const { mtimeMs } = statSync(lockFile);
    return { content: readFileSync(lockFile, 'utf8'), mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Removes the stale lock whose content we read, and only that one. Renaming is atomic, so of several processes
 * racing for the same stale lock only one moves it away; a process that moved away a lock that had meanwhile been
 * replaced by a live one puts it back (link fails if yet another lock appeared, which then stands).
 */
function removeStale(lockFile: string, staleContent: string, staleAfterMs: number): void {
  const moved = `${lockFile}.stale.${process.pid}.${randomUUID()}`;
  try {
    renameSync(lockFile, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const { content, mtimeMs } = readLock(moved) ?? { content: '', mtimeMs: 0 };
  // Same content and still stale (a holder that was only slow may have refreshed it in the meantime).
  const stillStale = content === staleContent && judge(content, mtimeMs, lockFile, staleAfterMs).stale;
  if (!stillStale) {
    try {
      linkSync(moved, lockFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (NO_HARD_LINKS.has(code) && !existsSync(lockFile)) {
        renameSync(moved, lockFile);
        return;
      }
      if (code !== 'EEXIST' && !NO_HARD_LINKS.has(code)) throw error;
    }
  }
  unlinkSync(moved);
}

/**
 * Takes the exclusive lock of a data directory for this process (creating the directory if needed), or throws
 * DataDirLockedError if a live process holds it. A lock left by a dead process is taken over. The lock is
 * released by release() and, failing that, when the process exits; a holder killed outright leaves a lock that
 * the next process recognises as stale.
 */
export function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): DataDirLock {
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const refreshMs = options.refreshMs ?? 5_000;
  let realDir: string;
  try {
    mkdirSync(dataDir, { recursive: true });
    realDir = realpathSync(dataDir);
  } catch (error) {
    throw new Error(`Cannot use the data directory ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const lockFile = join(realDir, LOCK_FILE_NAME);
  if (heldHere.has(lockFile)) throw new DataDirAlreadyHeldError(realDir);

  const owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date(performance.timeOrigin).toISOString(),
    host: hostname(),
    context: processContext(),
    startTicks: processStartTicks('self'),
    token: randomUUID(),
  };
  const content = `${JSON.stringify(owner)}\n`;

  // Each round either creates the lock, refuses, or removes one stale lock; a few rounds settle any race.
  let acquired = false;
  for (let round = 0; round < 10 && !acquired; round += 1) {
    if (createOrExplain(lockFile, content)) {
      acquired = true;
      break;
    }
    const existing = readLock(lockFile);
    if (existing === null) continue;
    const verdict = judge(existing.content, existing.mtimeMs, lockFile, staleAfterMs);
    if (!verdict.stale) throw new DataDirLockedError(realDir, verdict.holder, verdict.detail);
    removeStale(lockFile, existing.content, staleAfterMs);
  }
  if (!acquired) throw new Error(`Could not take the lock ${lockFile}: it kept changing hands. Try again.`);
  heldHere.set(lockFile, owner.token);

  const stillOurs = (): boolean => {
    try {
      return parseOwner(readLock(lockFile)?.content ?? '')?.token === owner.token;
    } catch {
      return false;
    }
  };
  let released = false;
  const refresher = setInterval(() => {
    try {
      if (stillOurs()) {
        const now = new Date();
        utimesSync(lockFile, now, now);
        return;
      }
    } catch {
      // Fall through: the file vanished between the check and the refresh.
    }
    clearInterval(refresher);
    options.onLost?.(`The lock ${lockFile} was removed or replaced while this process held it.`);
  }, refreshMs);
  refresher.unref();

  const release = (): void => {
    if (released) return;
    released = true;
    clearInterval(refresher);
    process.off('exit', release);
    heldHere.delete(lockFile);
    try {
      if (stillOurs()) unlinkSync(lockFile);
    } catch {
      // Gone in the meantime: nothing left to release.
    }
  };
  process.on('exit', release);
  return { dataDir: realDir, lockFile, release };
}
