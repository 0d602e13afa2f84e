import type { Queryable } from '../db/database.js';

export interface ExpiredHistory {
  auditEntries: number;
  alertReplies: number;
}

/**
 * Deletes audit entries and delivered alert thread replies older than `before`, at most `maxCount` rows of each per
 * call (panko's clear_expired_data(ttl, max_count)): a long-neglected history is cleared over several runs instead
 * of in one statement that would hold the database. Audit entries of requests still in progress are kept: their
 * cards and `/pipeline request` read them.
 */
export async function expireHistory(db: Queryable, before: Date, maxCount: number): Promise<ExpiredHistory> {
  const audit = await db.query(
    `DELETE FROM audit_log WHERE id IN (
       SELECT id FROM audit_log
        WHERE at < $1
          AND (change_id IS NULL OR change_id NOT IN (
                SELECT id FROM change_requests WHERE status IN ('pending', 'approved', 'applying', 'unknown')))
        ORDER BY id LIMIT $2)`,
    [before, maxCount],
  );
  const replies = await db.query(
    `DELETE FROM alert_replies WHERE id IN (
       SELECT id FROM alert_replies WHERE delivered_at IS NOT NULL AND delivered_at < $1 ORDER BY id LIMIT $2)`,
    [before, maxCount],
  );
  return { auditEntries: audit.rowCount, alertReplies: replies.rowCount };
}
