import type { Queryable } from '../../services/db/database.js';
import { DELIVERY_RETENTION_MS, type DeliveryLedger } from './delivery-ledger.js';

export interface DatabaseDeliveryLedgerOptions {
  retentionMs?: number;
  /** Old rows are deleted at most this often, and at most `pruneBatch` at a time, so no claim waits on a big delete. */
  pruneEveryMs?: number;
  pruneBatch?: number;
}

/**
 * The ledger in `slack_deliveries` (migration 005), shared by every replica: the first
 * `INSERT … ON CONFLICT DO NOTHING` of a key wins.
 */
export function createDatabaseDeliveryLedger(
  db: Queryable,
  options: DatabaseDeliveryLedgerOptions = {},
): DeliveryLedger {
  const retentionMs = options.retentionMs ?? DELIVERY_RETENTION_MS;
  const pruneEveryMs = options.pruneEveryMs ?? 60_000;
  const pruneBatch = options.pruneBatch ?? 500;
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    async claim(key, at) {
      if (at.getTime() - lastPrune >= pruneEveryMs) {
        lastPrune = at.getTime();
        await pruneDeliveries(db, new Date(at.getTime() - retentionMs), pruneBatch);
      }
      const { rowCount } = await db.query(
        'INSERT INTO slack_deliveries (delivery_key, received_at) VALUES ($1, $2) ON CONFLICT (delivery_key) DO NOTHING',
        [key, at],
      );
      return rowCount === 1;
    },
  };
}

/** Deletes up to `limit` deliveries received before `before`; returns how many. */
export async function pruneDeliveries(db: Queryable, before: Date, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM slack_deliveries WHERE delivery_key IN (
       SELECT delivery_key FROM slack_deliveries WHERE received_at < $1 ORDER BY received_at LIMIT $2
     )`,
    [before, limit],
  );
  return rowCount;
}
