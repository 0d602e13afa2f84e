import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, Queryable } from '../db/database.js';

/**
 * A lease on one pipeline resource, held while a request's stale check, write and read-back run, so that two
 * requests on one resource never both write it (the second then sees the first one's result and is judged stale).
 * It is a row taken with one conditional write in the bot's own database, so it holds across processes and
 * replicas; it expires, so a holder that died cannot block the resource for longer than `ttlMs`, and a live holder
 * renews it while it works.
 */
export interface ResourceLockOptions {
  db: Database;
  /** Who holds it: the process identity and the request, e.g. `host-1#42`. */
  holder: string;
  changeId: number;
  key: string;
  now: () => Date;
  ttlMs: number;
}

export interface HeldResourceLock {
  /** Extends the lease; false when it was lost (expired and taken by someone else). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
  /**
   * Releases it as part of the caller's transaction (the one that records the outcome: one commit fewer, and no
   * moment where the outcome is recorded and the resource still locked).
   */
  releaseWithin(tx: Queryable): Promise<void>;
}

/** Takes the lock if it is free or its lease has run out; null when someone else holds it. */
export async function tryAcquireResourceLock(options: ResourceLockOptions): Promise<HeldResourceLock | null> {
  const { db, holder, changeId, key } = options;
  const now = options.now();
  const { rows } = await db.query(
    `INSERT INTO resource_locks (resource_key, holder, change_id, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (resource_key) DO UPDATE
       SET holder = excluded.holder, change_id = excluded.change_id, expires_at = excluded.expires_at
       WHERE resource_locks.expires_at <= $5
     RETURNING resource_key`,
    [key, holder, changeId, new Date(now.getTime() + options.ttlMs), now],
  );
  if (rows.length === 0) return null;
  const releaseOn = async (queryable: Queryable) => {
    await queryable.query('DELETE FROM resource_locks WHERE resource_key = $1 AND holder = $2 AND change_id = $3', [
      key,
      holder,
      changeId,
    ]);
  };
  return {
    async renew() {
      const { rowCount } = await db.query(
        'UPDATE resource_locks SET expires_at = $4 WHERE resource_key = $1 AND holder = $2 AND change_id = $3',
        [key, holder, changeId, new Date(options.now().getTime() + options.ttlMs)],
      );
      return rowCount === 1;
    },
    release: () => releaseOn(db),
    releaseWithin: releaseOn,
  };
}

/** Which request holds the lock on `key` now, if any (to tell a waiting approver what it waits for). */
export async function resourceLockHolder(db: Database, key: string, now: Date): Promise<number | null> {
  const { rows } = await db.query<{ change_id: number | null }>(
    'SELECT change_id FROM resource_locks WHERE resource_key = $1 AND expires_at > $2',
    [key, now],
  );
  return rows[0]?.change_id ?? null;
}

/**
 * Waits for the lock, polling with a growing pause (10 ms up to 200 ms), for at most `waitMs` of real time.
 * Null when it stayed taken: the caller reports that instead of writing.
 */
export async function acquireResourceLock(
  options: ResourceLockOptions & { waitMs: number },
): Promise<HeldResourceLock | null> {
  const deadline = performance.now() + options.waitMs;
  for (let pause = 10; ; pause = Math.min(200, pause * 2)) {
    const lock = await tryAcquireResourceLock(options);
    if (lock) return lock;
    if (performance.now() + pause > deadline) return null;
    await sleep(pause);
  }
}
