import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Where the PostgreSQL server programs (initdb, pg_ctl, postgres) are, or why none were found. */
export type PostgresBinariesLookup = { found: true; binDir: string } | { found: false; reason: string };

/** A throwaway PostgreSQL cluster started for one test run. */
export interface ThrowawayPostgres {
  /** Superuser URL on the `postgres` database, trust authentication, loopback only. */
  readonly adminUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
  /** Immediate stop for a process 'exit' hook, where nothing asynchronous runs any more. */
  stopSync(): void;
}

const REQUIRED_PROGRAMS = ['initdb', 'pg_ctl', 'postgres'];

function hasServerPrograms(dir: string): boolean {
  return REQUIRED_PROGRAMS.every((program) => existsSync(join(dir, program)));
}

function compareVersionsDescending(a: string, b: string): number {
  return Number.parseFloat(b) - Number.parseFloat(a);
}

/**
 * Looks for the server programs: `PIPEOPS_TEST_PG_BINDIR`, then Debian/Ubuntu's /usr/lib/postgresql/<version>/bin
 * (newest first; `apt-get install postgresql` puts them there, not on PATH), then PATH.
 */
export async function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): Promise<PostgresBinariesLookup> {
  const explicit = env.PIPEOPS_TEST_PG_BINDIR;
  if (explicit) {
    return hasServerPrograms(explicit)
      ? { found: true, binDir: explicit }
      : { found: false, reason: `PIPEOPS_TEST_PG_BINDIR=${explicit} lacks one of ${REQUIRED_PROGRAMS.join(', ')}` };
  }
  const debianRoot = '/usr/lib/postgresql';
  const versions = existsSync(debianRoot) ? (await readdir(debianRoot)).sort(compareVersionsDescending) : [];
  const candidates = [
    ...versions.map((version) => join(debianRoot, version, 'bin')),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
  ];
  const binDir = candidates.find(hasServerPrograms);
  if (binDir) return { found: true, binDir };
  return {
    found: false,
    reason: `no PostgreSQL server programs (${REQUIRED_PROGRAMS.join(', ')}) in ${debianRoot}/*/bin or on PATH`,
  };
}

async function freeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface RunAs {
  /** Prefix that runs a program as the cluster's owner. */
  readonly prefix: string[];
  readonly uid: number | undefined;
  readonly gid: number | undefined;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` system user. */
async function clusterOwner(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return { prefix: [], uid: undefined, gid: undefined };
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith('postgres:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('Running as root, and there is no `postgres` user to run initdb/postgres as (they refuse root).');
  }
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid: Number(uid), gid: Number(gid) };
}

function commandLine(owner: RunAs, program: string, args: string[]): [string, string[]] {
  const [command, ...rest] = [...owner.prefix, program, ...args];
  return [command ?? program, rest];
}

async function run(owner: RunAs, program: string, args: string[], cwd: string): Promise<void> {
  const [command, rest] = commandLine(owner, program, args);
  try {
    await execFileAsync(command, rest, { cwd, timeout: 60_000 });
  } catch (error) {
    const detail = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${detail.stderr || detail.stdout || detail.message}`);
  }
}

/**
 * Creates and starts a PostgreSQL cluster in a temp directory, listening on a free loopback port, tuned for
 * tests (no fsync). Call stop() when done: it stops the server and deletes the directory.
 */
export async function startThrowawayPostgres(binDir: string): Promise<ThrowawayPostgres> {
  const owner = await clusterOwner();
  const baseDir = await mkdtemp(join(tmpdir(), 'pipeops-test-pg-'));
  if (owner.uid !== undefined && owner.gid !== undefined) await chown(baseDir, owner.uid, owner.gid);
  const dataDir = join(baseDir, 'data');
  const pgCtl = join(binDir, 'pg_ctl');
  try {
    await run(
      owner,
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      baseDir,
    );
    let lastError: unknown;
    // A port found free can be taken before the server binds it: try a few.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const port = await freeLoopbackPort();
      const serverOptions = `-p ${port} -k ${baseDir} -c listen_addresses=127.0.0.1 -F -c full_page_writes=off`;
      try {
        await run(
          owner,
          pgCtl,
          ['-D', dataDir, '-l', join(baseDir, 'postgres.log'), '-w', '-t', '60', '-o', serverOptions, 'start'],
          baseDir,
        );
      } catch (error) {
        lastError = error;
        continue;
      }
      let stopped = false;
      return {
        adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
        dataDir,
        async stop() {
          if (stopped) return;
          stopped = true;
          await run(owner, pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'], baseDir).catch(() => undefined);
          await rm(baseDir, { recursive: true, force: true });
        },
        stopSync() {
          if (stopped) return;
          stopped = true;
          const [command, rest] = commandLine(owner, pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
          spawnSync(command, rest, { cwd: baseDir, stdio: 'ignore', timeout: 30_000 });
          rmSync(baseDir, { recursive: true, force: true });
        },
      };
    }
    throw lastError;
  } catch (error) {
    // A server that started but did not answer in time may still be running.
    await run(owner, pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop'], baseDir).catch(() => undefined);
    const log = await readFile(join(baseDir, 'postgres.log'), 'utf8').catch(() => '');
    await rm(baseDir, { recursive: true, force: true });
    if (log) throw new Error(`${(error as Error).message}\nServer log:\n${log.slice(-2000)}`, { cause: error });
    throw error;
  }
}
