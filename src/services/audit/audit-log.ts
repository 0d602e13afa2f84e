import { z } from 'zod';
import type { ResourceRef } from '../changes/change-kind.js';
import type { Queryable } from '../db/database.js';

export interface AuditEntry {
  id: number;
  at: Date;
  /** A user id, or 'system' (expiry, recovery). */
  actor: string;
  /** proposed, approved, applying, applied, failed, stale, rejected, cancelled, expired, approve_refused, ... */
  action: string;
  changeId: number | null;
  resource: ResourceRef | null;
  summary: string;
  diff: string | null;
  outcome: string;
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

const RowSchema = z.object({
  id: z.number().int(),
  at: z.date(),
  actor: z.string(),
  action: z.string(),
  change_id: z.number().int().nullable(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  resource_label: z.string().nullable(),
  summary: z.string(),
  diff: z.string().nullable(),
  outcome: z.string(),
  detail: z.string().nullable(),
});

function fromRow(raw: unknown): AuditEntry {
  const row = RowSchema.parse(raw);
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    changeId: row.change_id,
    resource:
      row.resource_type && row.resource_id
        ? { type: row.resource_type, id: row.resource_id, label: row.resource_label ?? row.resource_id }
        : null,
    summary: row.summary,
    diff: row.diff,
    outcome: row.outcome,
    detail: row.detail,
  };
}

export async function appendAudit(db: Queryable, entry: NewAuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (at, actor, action, change_id, resource_type, resource_id, resource_label, summary, diff,
       outcome, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.at,
      entry.actor,
      entry.action,
      entry.changeId,
      entry.resource?.type ?? null,
      entry.resource?.id ?? null,
      entry.resource?.label ?? null,
      entry.summary,
      entry.diff,
      entry.outcome,
      entry.detail,
    ],
  );
}

export interface AuditQuery {
  /** A resource name or id (case-insensitive), or a change request number like `#12` / `12`. */
  resource?: string;
  limit: number;
}

/** Most recent first. */
export async function listAudit(db: Queryable, query: AuditQuery): Promise<AuditEntry[]> {
  const changeNumber = query.resource?.match(/^#?(\d+)$/)?.[1];
  if (changeNumber !== undefined) {
    const { rows } = await db.query('SELECT * FROM audit_log WHERE change_id = $1 ORDER BY id DESC LIMIT $2', [
      Number(changeNumber),
      query.limit,
    ]);
    return rows.map(fromRow);
  }
  const { rows } = query.resource
    ? await db.query(
        `SELECT * FROM audit_log WHERE lower(resource_label) = lower($1) OR lower(resource_id) = lower($1)
          ORDER BY id DESC LIMIT $2`,
        [query.resource, query.limit],
      )
    : await db.query('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [query.limit]);
  return rows.map(fromRow);
}
