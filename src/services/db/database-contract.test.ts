import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../../../test/support/database/index.js';
import type { Queryable } from './database.js';
import { TransactionMisuseError } from './transaction-guard.js';

async function insertPendingChange(db: Queryable, requestedAt = new Date('2026-01-02T03:04:05.678Z')): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO change_requests (kind, params, resource_type, resource_id, resource_label, title, before_state,
       after_state, diff, status, requested_by, requested_at, expires_at, updated_at)
     VALUES ('set_mapping', $1::jsonb, 'mapping', 'm1', 'orders', 'Change orders', $2::jsonb, $3::jsonb, '-a\n+b',
       'pending', 'U1', $4, $4::timestamptz + interval '1 hour', $4)
     RETURNING id`,
    [JSON.stringify({ field: 'x' }), '{"a":1}', '{"a":2}', requestedAt],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('insert returned no id');
  return id;
}

describeEachBackend('Database contract', (backend) => {
  const db = useTestDatabase(backend);
  beforeEach(() => truncateAllTables(db()));

  it('reports its backend', () => {
    expect(db().backend).toBe(backend);
  });

  describe('row shapes (the same on both backends)', () => {
    it('returns int4 identity columns as numbers, JSONB as parsed values and timestamptz as Date', async () => {
      const requestedAt = new Date('2026-01-02T03:04:05.678Z');
      const id = await insertPendingChange(db(), requestedAt);
      const { rows } = await db().query(
        'SELECT id, params, before_state, requested_at, expires_at, decided_at FROM change_requests',
      );
      expect(rows).toEqual([
        {
          id,
          params: { field: 'x' },
          before_state: { a: 1 },
          requested_at: requestedAt,
          expires_at: new Date('2026-01-02T04:04:05.678Z'),
          decided_at: null,
        },
      ]);
      expect(typeof id).toBe('number');
      expect(rows[0]?.requested_at).toBeInstanceOf(Date);
    });

    it('reads JSON passed as a string with $n::jsonb as the JSON value it spells, whatever its type', async () => {
      const { rows } = await db().query(
        'SELECT $1::jsonb AS obj, $2::jsonb AS arr, $3::jsonb AS str, $4::jsonb AS nul',
        ['{"nested":{"list":[1,"two",null]}}', '[1,2]', '"text"', 'null'],
      );
      expect(rows[0]).toEqual({ obj: { nested: { list: [1, 'two', null] } }, arr: [1, 2], str: 'text', nul: null });
    });

    it('returns int8 (count) as a number, numeric as a string, date as text and timestamp as UTC', async () => {
      const { rows } = await db().query(
        `SELECT count(*) AS n, 9007199254740993::int8 AS huge, 1.50::numeric AS price, DATE '2026-03-04' AS day,
           TIMESTAMP '2026-03-04 05:06:07.5' AS local, true AS flag, NULL::text AS nothing, 7::int2 AS small`,
      );
      expect(rows[0]).toEqual({
        n: 1,
        huge: 9007199254740993n,
        price: '1.50',
        day: '2026-03-04',
        local: new Date('2026-03-04T05:06:07.500Z'),
        flag: true,
        nothing: null,
        small: 7,
      });
    });

    it('runs sessions in UTC', async () => {
      const { rows } = await db().query<{ zone: string; day: string }>(
        "SELECT current_setting('TimeZone') AS zone, to_char(TIMESTAMPTZ '2026-01-01 23:30:00-05', 'YYYY-MM-DD') AS day",
      );
      expect(rows[0]).toEqual({ zone: 'UTC', day: '2026-01-02' });
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

    it('runs one statement per query and several with exec', async () => {
      await expect(db().query('SELECT 1; SELECT 2')).rejects.toThrow(/multiple commands/);
      await db().exec('CREATE TEMP TABLE scratch (v int); INSERT INTO scratch VALUES (1), (2);');
      const { rows } = await db().query('SELECT sum(v) AS total FROM scratch');
      expect(rows[0]).toEqual({ total: 3 });
      await db().exec('DROP TABLE scratch');
    });

    it('reports constraint violations with the SQLSTATE code', async () => {
      const error = await db()
        .query(
          "INSERT INTO audit_log (at, actor, action, summary, outcome, change_id) VALUES (now(), 'U', 'a', 's', 'ok', 999)",
        )
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: '23503' });
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
        await tx.exec(
          "INSERT INTO audit_log (at, actor, action, summary, outcome) VALUES (now(), 'U', 'a', 's', 'ok')",
        );
        throw failure;
      });
      await expect(outcome).rejects.toBe(failure);
      const { rows } = await db().query(
        'SELECT (SELECT count(*) FROM change_requests) AS changes, (SELECT count(*) FROM audit_log) AS audits',
      );
      expect(rows[0]).toEqual({ changes: 0, audits: 0 });
    });

    it('does not commit when a statement failed inside, even if the callback swallowed the error', async () => {
      const outcome = db().transaction(async (tx) => {
        await insertPendingChange(tx);
        await tx.query('SELECT 1/0').catch(() => undefined);
        return 'resolved';
      });
      await expect(outcome).rejects.toThrow();
      expect((await db().query('SELECT id FROM change_requests')).rows).toEqual([]);
    });

    it('refuses calls on the database itself from inside the callback (they would deadlock on PGlite)', async () => {
      await expect(db().transaction(() => db().query('SELECT 1'))).rejects.toBeInstanceOf(TransactionMisuseError);
      await expect(db().transaction(() => db().transaction(async () => 1))).rejects.toBeInstanceOf(
        TransactionMisuseError,
      );
      // The database still works afterwards.
      expect((await db().query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('lets work started in a transaction use the database once the transaction is over', async () => {
      let openGate = () => {};
      const gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
      let later: Promise<unknown> | undefined;
      await db().transaction(async (tx) => {
        await insertPendingChange(tx);
        // Registered inside the transaction, run after it: carries the transaction's async context.
        later = gate.then(() => db().query('SELECT count(*) AS n FROM change_requests'));
      });
      openGate();
      await expect(later).resolves.toEqual({ rows: [{ n: 1 }], rowCount: 1 });
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
          `UPDATE change_requests SET status = 'approved', decided_by = $2, decided_at = now(), updated_at = now()
           WHERE id = $1 AND status = 'pending'
           RETURNING id, decided_by`,
          [id, `U${index}`],
        ),
      );
      const results = await Promise.all(attempts);
      const winners = results.flatMap((result) => result.rows);
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
          if (won.rowCount === 1) {
            await tx.query(
              "INSERT INTO audit_log (at, actor, action, change_id, summary, outcome) VALUES (now(), $2, 'approve', $1, 's', 'ok')",
              [id, `U${index}`],
            );
          }
          return won.rowCount;
        }),
      );
      const won = await Promise.all(attempts);
      expect(won.filter((count) => count === 1)).toHaveLength(1);
      expect((await db().query('SELECT count(*) AS n FROM audit_log')).rows).toEqual([{ n: 1 }]);
    });
  });
});
