import { z } from 'zod';
import type { Queryable } from '../db/database.js';

/** Someone who opened the App Home tab, and when they last did. */
export interface HomeViewer {
  userId: string;
  openedAt: Date;
}

const RowSchema = z.object({ user_id: z.string().min(1), opened_at: z.date() });

function fromRow(raw: unknown): HomeViewer {
  const row = RowSchema.parse(raw);
  return { userId: row.user_id, openedAt: row.opened_at };
}

/** How many viewers `recent()` returns unless told otherwise. */
export const RECENT_VIEWERS_LIMIT = 100;
/** How many rows one `forget()` deletes at most, so that no caller waits on a big delete. */
export const FORGET_BATCH = 500;

/**
 * Who opened their Home tab lately (table home_viewers, migration 008), shared by every replica: whichever process
 * changes what a Home tab shows can re-publish the tabs of everyone who looked recently, wherever they opened it.
 */
export class HomeViewers {
  readonly #db: Queryable;

  constructor(db: Queryable) {
    this.#db = db;
  }

  /** `userId` opened their tab at `at` (one upsert; a later time never moves back to an earlier one). */
  async remember(userId: string, at: Date): Promise<void> {
    await this.#db.query(
      `INSERT INTO home_viewers (user_id, opened_at) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET opened_at = GREATEST(home_viewers.opened_at, EXCLUDED.opened_at)`,
      [userId, at],
    );
  }

  /** Those who opened their tab at or after `since`, newest first, at most `limit`. */
  async recent(since: Date, limit = RECENT_VIEWERS_LIMIT): Promise<HomeViewer[]> {
    const { rows } = await this.#db.query(
      `SELECT user_id, opened_at FROM home_viewers WHERE opened_at >= $1
       ORDER BY opened_at DESC, user_id LIMIT $2`,
      [since, Math.max(0, Math.floor(limit))],
    );
    return rows.map(fromRow);
  }

  /** Deletes up to `limit` viewers (the oldest) who last opened their tab before `before`; returns how many. */
  async forget(before: Date, limit = FORGET_BATCH): Promise<number> {
    const { rowCount } = await this.#db.query(
      `DELETE FROM home_viewers WHERE user_id IN (
         SELECT user_id FROM home_viewers WHERE opened_at < $1 ORDER BY opened_at LIMIT $2
       )`,
      [before, Math.max(0, Math.floor(limit))],
    );
    return rowCount;
  }
}
