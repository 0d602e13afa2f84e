import { z } from 'zod';
import type { ResourceRef } from '../changes/change-kind.js';
import { maskCredentialText } from '../credentials/credential-values.js';
import type { Queryable } from '../db/database.js';
import { isDatabaseId } from '../db/database-id.js';

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

/** Appends an audit row. Its texts (titles, diffs, errors) are masked here, whoever wrote them: rows are kept for good. */
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
      maskCredentialText(entry.summary),
      entry.diff === null ? null : maskCredentialText(entry.diff),
      entry.outcome,
      entry.detail === null ? null : maskCredentialText(entry.detail),
    ],
  );
}

export interface AuditFilter {
  /** A resource name or id (case-insensitive), or a change request number like `#12` / `12`. */
  resource?: string;
  /** Entries at or after this time. */
  since?: Date;
  /** One actor's entries (a user id, or 'system'). */
  actor?: string;
  /** Entries of change requests of this kind (`input.pause`), or entries with this action (`acknowledged`). */
  kind?: string;
}

export interface AuditQuery extends AuditFilter {
  limit: number;
  /** Entries to skip (newest first), for paging. */
  offset?: number;
}

/** The WHERE clause of a filter, with its parameters numbered from $1. */
function whereClause(filter: AuditFilter): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const changeNumber = filter.resource?.match(/^#?(\d+)$/)?.[1];
  if (changeNumber !== undefined) {
    // An id no row can have matches nothing (PostgreSQL would answer it with an out-of-range error instead).
    conditions.push(isDatabaseId(Number(changeNumber)) ? `change_id = ${param(Number(changeNumber))}` : 'false');
  } else if (filter.resource) {
    const name = param(filter.resource);
    conditions.push(`(lower(resource_label) = lower(${name}) OR lower(resource_id) = lower(${name}))`);
  }
  if (filter.since) conditions.push(`at >= ${param(filter.since)}`);
  if (filter.actor) conditions.push(`actor = ${param(filter.actor)}`);
  if (filter.kind) {
    const kind = param(filter.kind);
    conditions.push(`(change_id IN (SELECT id FROM change_requests WHERE kind = ${kind}) OR action = ${kind})`);
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** Most recent first. */
export async function listAudit(db: Queryable, query: AuditQuery): Promise<AuditEntry[]> {
  const where = whereClause(query);
  const n = where.params.length;
  const { rows } = await db.query(
    `SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...where.params, query.limit, query.offset ?? 0],
  );
  return rows.map(fromRow);
}

/** How many entries the filter matches. */
export async function countAudit(db: Queryable, filter: AuditFilter): Promise<number> {
  const where = whereClause(filter);
  const { rows } = await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM audit_log ${where.sql}`, where.params);
  return Number(rows[0]?.n ?? 0);
}

/** Entries after `afterId` in id order, `limit` at a time: the export's keyset pagination (stable under inserts). */
export async function auditAfter(
  db: Queryable,
  afterId: number,
  filter: AuditFilter,
  limit: number,
): Promise<AuditEntry[]> {
  const where = whereClause(filter);
  const n = where.params.length;
  const { rows } = await db.query(
    `SELECT * FROM audit_log ${where.sql ? `${where.sql} AND` : 'WHERE'} id > $${n + 1} ORDER BY id LIMIT $${n + 2}`,
    [...where.params, afterId, limit],
  );
  return rows.map(fromRow);
}
