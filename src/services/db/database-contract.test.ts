import { beforeEach, describe, expect, it } from 'vitest';
import {
  describeEachBackend,
  describeOnPostgres,
  openTestDatabase,
  publicTables,
  SHIPPED_TABLES,
  tableColumns,
  truncateAllTables,
  useTestDatabase,
} from '../../../test/support/database/index.js';
import type { Queryable } from './database.js';
import { TransactionMisuseError } from './transaction-guard.js';

const requestedAt = new Date('2026-01-02T03:04:05.678Z');

async function insertPendingChange(db: Queryable, at = requestedAt): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO change_requests (kind, params, resource_type, resource_id, resource_label, title, changes_summary,
       status, requested_by, requested_at, expires_at, updated_at)
     VALUES ('set_mapping', $1::jsonb, 'mapping', 'm1', 'orders', 'Change orders', $2::jsonb, 'pending', 'U1', $3,
       $4, $3)
     RETURNING id`,
    [JSON.stringify({ field: 'x' }), '{"a":1}', at, new Date(at.getTime() + 3_600_000)],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('insert returned no id');
  return id;
}

const audit = (db: Queryable, summary: string, changeId: number | null = null) =>
  db.query(
    "INSERT INTO audit_log (at, actor, action, summary, outcome, change_id) VALUES ($1, 'U', 'a', $2, 'ok', $3)",
    [new Date(), summary, changeId],
  );

/**
 * The database contract the services rely on, on both engines: the portable SQL subset of database.ts, the same row
 * shapes, transactions, and conditional updates under concurrency.
 */
describeEachBackend('Database contract', (backend) => {
  const db = useTestDatabase(backend);
  beforeEach(() => truncateAllTables(db()));

  it('reports its backend', () => {
    expect(db().backend).toBe(backend);
  });

  describe('row shapes (the same on both engines)', () => {
    it('returns integer ids as numbers, JSONB as parsed values, timestamptz as Date and NULL as null', async () => {
      const id = await insertPendingChange(db());
      const { rows } = await db().query(
        'SELECT id, params, changes_summary, requested_at, expires_at, decided_at FROM change_requests',
      );
      expect(rows).toEqual([
        {
          id,
          params: { field: 'x' },
          changes_summary: { a: 1 },
          requested_at: requestedAt,
          expires_at: new Date('2026-01-02T04:04:05.678Z'),
          decided_at: null,
        },
      ]);
      expect(typeof id).toBe('number');
    });

    it('reads the same shapes back from RETURNING as from SELECT', async () => {
      const id = await insertPendingChange(db());
      const { rows } = await db().query(
        "UPDATE change_requests SET status = 'approved', decided_at = $2 WHERE id = $1 RETURNING params, decided_at, destructive",
        [id, requestedAt],
      );
      expect(rows).toEqual([{ params: { field: 'x' }, decided_at: requestedAt, destructive: false }]);
    });

    it('binds booleans, and reads declared BOOLEAN columns back as booleans', async () => {
      const id = await insertPendingChange(db());
      await db().query('UPDATE change_requests SET destructive = $2 WHERE id = $1', [id, true]);
      const { rows } = await db().query(
        'SELECT destructive FROM change_requests WHERE id = $1 AND ($2 = false OR true)',
        [id, true],
      );
      expect(rows).toEqual([{ destructive: true }]);
    });

    it('returns count(*) as a number', async () => {
      await insertPendingChange(db());
      expect((await db().query('SELECT count(*) AS n FROM change_requests')).rows).toEqual([{ n: 1 }]);
    });

    it('keeps text exactly, quotes and placeholders inside literals included', async () => {
      const text = "it's $1 and ::jsonb, ANY($2) — ünïcödé 🚀";
      const { rows } = await db().query("SELECT $1::text AS value, 'a $2 ''b'' ::text' AS literal", [text]);
      expect(rows).toEqual([{ value: text, literal: "a $2 'b' ::text" }]);
    });
  });

  describe('the portable subset', () => {
    it('matches `= ANY($n::text[])` against a list', async () => {
      const first = await insertPendingChange(db());
      const second = await insertPendingChange(db());
      await insertPendingChange(db());
      const { rows } = await db().query<{ id: number }>(
        'SELECT id FROM change_requests WHERE CAST(id AS TEXT) = ANY($1::text[]) ORDER BY id',
        [[String(first), String(second)]],
      );
      expect(rows.map((row) => row.id)).toEqual([first, second]);
      const none = await db().query('SELECT id FROM change_requests WHERE status = ANY($1::text[])', [[]]);
      expect(none.rows).toEqual([]);
    });

    it('reuses one parameter several times, and compares timestamps', async () => {
      const id = await insertPendingChange(db());
      const later = new Date(requestedAt.getTime() + 1000);
      const { rows } = await db().query(
        'SELECT id FROM change_requests WHERE requested_at < $1 AND expires_at > $1 AND updated_at <> $1',
        [later],
      );
      expect(rows).toEqual([{ id }]);
    });

    it('supports GREATEST/LEAST and COALESCE', async () => {
      const { rows } = await db().query(
        'SELECT GREATEST(1, $1::integer) AS g, LEAST(1, $1::integer) AS l, COALESCE($2, 7) AS c',
        [5, null],
      );
      expect(rows).toEqual([{ g: 5, l: 1, c: 7 }]);
    });

    it('does an upsert that only takes over an expired row (the resource lock)', async () => {
      const now = new Date('2026-01-01T00:00:00Z');
      const take = (holder: string, at: Date) =>
        db().query(
          `INSERT INTO resource_locks (resource_key, holder, change_id, expires_at) VALUES ($1, $2, 1, $3)
           ON CONFLICT (resource_key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE resource_locks.expires_at <= $4
           RETURNING holder`,
          ['mapping:m1', holder, new Date(at.getTime() + 60_000), at],
        );
      expect((await take('a', now)).rows).toEqual([{ holder: 'a' }]);
      expect((await take('b', new Date(now.getTime() + 1000))).rows).toEqual([]);
      expect((await take('b', new Date(now.getTime() + 61_000))).rows).toEqual([{ holder: 'b' }]);
    });

    it('keeps at most one pending row per plan with the partial unique index (ON CONFLICT … WHERE … DO NOTHING)', async () => {
      const insert = () =>
        db().query(
          `INSERT INTO change_requests (kind, params, resource_type, resource_id, resource_label, title, status,
             requested_by, requested_at, expires_at, updated_at, params_hash)
           VALUES ('k', '{}', 't', 'r', 'r', 't', 'pending', 'U1', $1, $1, $1, 'h')
           ON CONFLICT (kind, resource_type, resource_id, params_hash) WHERE status = 'pending' DO NOTHING
           RETURNING id`,
          [requestedAt],
        );
      expect((await insert()).rows).toHaveLength(1);
      expect((await insert()).rows).toHaveLength(0);
      await db().query("UPDATE change_requests SET status = 'applied'");
      expect((await insert()).rows).toHaveLength(1);
    });
  });

  describe('statements', () => {
    it('counts affected rows for INSERT/UPDATE/DELETE and returned rows otherwise', async () => {
      await insertPendingChange(db());
      await insertPendingChange(db());
      expect((await db().query("UPDATE change_requests SET title = 'x'")).rowCount).toBe(2);
      expect((await db().query('SELECT id FROM change_requests')).rowCount).toBe(2);
      expect((await db().query('DELETE FROM change_requests WHERE id < 0')).rowCount).toBe(0);
    });

    it('runs several statements with exec', async () => {
      await db().exec('CREATE TABLE scratch (v INTEGER); INSERT INTO scratch VALUES (1), (2);');
      const { rows } = await db().query('SELECT sum(v) AS total FROM scratch');
      expect(rows[0]).toEqual({ total: 3 });
      await db().exec('DROP TABLE scratch');
    });

    it('enforces foreign keys', async () => {
      await expect(audit(db(), 's', 999)).rejects.toThrow(/foreign key/i);
    });
  });

  describe('transactions', () => {
    it('commits what the callback did when it resolves, and returns its value', async () => {
      const id = await db().transaction(async (tx) => {
        const inserted = await insertPendingChange(tx);
        await tx.query("UPDATE change_requests SET title = 'in tx' WHERE id = $1", [inserted]);
        return inserted;
      });
      const { rows } = await db().query('SELECT title FROM change_requests WHERE id = $1', [id]);
      expect(rows).toEqual([{ title: 'in tx' }]);
    });

    it('rolls everything back when the callback throws, and rethrows the same error', async () => {
      const failure = new Error('boom');
      const outcome = db().transaction(async (tx) => {
        await insertPendingChange(tx);
        await audit(tx, 's');
        throw failure;
      });
      await expect(outcome).rejects.toBe(failure);
      const { rows } = await db().query(
        'SELECT (SELECT count(*) FROM change_requests) AS changes, (SELECT count(*) FROM audit_log) AS audits',
      );
      expect(rows[0]).toEqual({ changes: 0, audits: 0 });
    });

    it('refuses calls on the database itself from inside the callback (they would deadlock or escape it)', async () => {
      await expect(db().transaction(() => db().query('SELECT 1'))).rejects.toBeInstanceOf(TransactionMisuseError);
      await expect(db().transaction(() => db().transaction(async () => 1))).rejects.toBeInstanceOf(
        TransactionMisuseError,
      );
      // The database still works afterwards.
      expect((await db().query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('isolates a transaction from statements of other callers while it is open', async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const inside = db().transaction(async (tx) => {
        await insertPendingChange(tx);
        await held;
        throw new Error('roll back');
      });
      // Issued while the transaction is open: it must not see (or join) the uncommitted row.
      const outside = db().query<{ n: number }>('SELECT count(*) AS n FROM change_requests');
      release();
      await expect(inside).rejects.toThrow('roll back');
      expect((await outside).rows).toEqual([{ n: 0 }]);
    });

    it('closes the transaction handle when the transaction ends', async () => {
      let handle: Queryable | undefined;
      await db().transaction(async (tx) => {
        handle = tx;
      });
      await expect(handle?.query('SELECT 1')).rejects.toThrow(/closed/i);
    });
  });

  describe('conditional updates under concurrency', () => {
    it('lets exactly one of 20 concurrent "pending → approved" updates of one row win', async () => {
      const id = await insertPendingChange(db());
      const attempts = Array.from({ length: 20 }, (_, index) =>
        db().query<{ id: number; decided_by: string }>(
          `UPDATE change_requests SET status = 'approved', decided_by = $2, decided_at = $3, updated_at = $3
           WHERE id = $1 AND status = 'pending'
           RETURNING id, decided_by`,
          [id, `U${index}`, new Date()],
        ),
      );
      const winners = (await Promise.all(attempts)).flatMap((result) => result.rows);
      expect(winners).toHaveLength(1);
      const { rows } = await db().query('SELECT status, decided_by FROM change_requests WHERE id = $1', [id]);
      expect(rows).toEqual([{ status: 'approved', decided_by: winners[0]?.decided_by }]);
    });

    it('keeps that property when each attempt is its own transaction that reads first', async () => {
      const id = await insertPendingChange(db());
      const attempts = Array.from({ length: 20 }, (_, index) =>
        db().transaction(async (tx) => {
          await tx.query('SELECT status FROM change_requests WHERE id = $1', [id]);
          const won = await tx.query(
            "UPDATE change_requests SET status = 'approved', decided_by = $2 WHERE id = $1 AND status = 'pending' RETURNING id",
            [id, `U${index}`],
          );
          if (won.rowCount === 1) await audit(tx, 'approve', id);
          return won.rowCount;
        }),
      );
      const won = await Promise.all(attempts);
      expect(won.filter((count) => count === 1)).toHaveLength(1);
      expect((await db().query('SELECT count(*) AS n FROM audit_log')).rows).toEqual([{ n: 1 }]);
    });
  });
});

describeOnPostgres('one schema on both engines', () => {
  it('creates the same tables with the same columns from the SQLite and the PostgreSQL migrations', async () => {
    const sqlite = await openTestDatabase('sqlite');
    const postgres = await openTestDatabase('postgres');
    try {
      expect(await publicTables(sqlite)).toEqual(await publicTables(postgres));
      for (const table of SHIPPED_TABLES) {
        const sqliteColumns = Object.keys(await tableColumns(sqlite, table)).sort();
        expect({ table, columns: sqliteColumns }).toEqual({
          table,
          columns: Object.keys(await tableColumns(postgres, table)).sort(),
        });
      }
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
