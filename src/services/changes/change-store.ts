import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { JsonValue } from '../json-value.js';
import { type ChangeRequest, type ChangeStatus, changeStatuses, type MessageRef } from './change-request.js';

const JsonSchema: z.ZodType<JsonValue> = z.json();

const PreviewSchema = z.object({
  title: z.string(),
  summary: z.string(),
  items: z.array(z.object({ label: z.string(), lines: z.array(z.string()) })),
});

const RowSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  params: JsonSchema,
  resource_type: z.string(),
  resource_id: z.string(),
  resource_label: z.string(),
  title: z.string(),
  before_state: JsonSchema,
  after_state: JsonSchema,
  diff: z.string(),
  preview: PreviewSchema.nullable(),
  status: z.enum(changeStatuses),
  requested_by: z.string(),
  requested_at: z.date(),
  expires_at: z.date(),
  decided_by: z.string().nullable(),
  decided_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  error: z.string().nullable(),
  channel_id: z.string().nullable(),
  message_ts: z.string().nullable(),
  replanned_from: z.number().int().nullable(),
  updated_at: z.date(),
});

function fromRow(raw: unknown): ChangeRequest {
  const row = RowSchema.parse(raw);
  return {
    id: row.id,
    kind: row.kind,
    params: row.params,
    resource: { type: row.resource_type, id: row.resource_id, label: row.resource_label },
    title: row.title,
    before: row.before_state,
    after: row.after_state,
    diff: row.diff,
    preview: row.preview,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    finishedAt: row.finished_at,
    error: row.error,
    message: row.channel_id && row.message_ts ? { channelId: row.channel_id, ts: row.message_ts } : null,
    replannedFrom: row.replanned_from,
    updatedAt: row.updated_at,
  };
}

/** What a proposal stores; everything else starts empty (status pending, no decision yet). */
export type NewChangeRequest = Pick<
  ChangeRequest,
  | 'kind'
  | 'params'
  | 'resource'
  | 'title'
  | 'before'
  | 'after'
  | 'diff'
  | 'preview'
  | 'requestedBy'
  | 'requestedAt'
  | 'expiresAt'
  | 'replannedFrom'
>;

export async function insertChangeRequest(db: Queryable, request: NewChangeRequest): Promise<ChangeRequest> {
  const { rows } = await db.query(
    `INSERT INTO change_requests (kind, params, resource_type, resource_id, resource_label, title, before_state,
       after_state, diff, status, requested_by, requested_at, expires_at, replanned_from, updated_at, preview)
     VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, 'pending', $10, $11, $12, $13, $11, $14::jsonb)
     RETURNING *`,
    [
      request.kind,
      JSON.stringify(request.params),
      request.resource.type,
      request.resource.id,
      request.resource.label,
      request.title,
      JSON.stringify(request.before),
      JSON.stringify(request.after),
      request.diff,
      request.requestedBy,
      request.requestedAt,
      request.expiresAt,
      request.replannedFrom,
      request.preview === null ? null : JSON.stringify(request.preview),
    ],
  );
  return fromRow(rows[0]);
}

export async function getChangeRequest(db: Queryable, id: number): Promise<ChangeRequest | null> {
  const { rows } = await db.query('SELECT * FROM change_requests WHERE id = $1', [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export interface Transition {
  from: readonly ChangeStatus[];
  to: ChangeStatus;
  now: Date;
  /** Only move if the request has not expired at `now`. */
  unexpired?: boolean;
  decidedBy?: string;
  error?: string;
  finished?: boolean;
}

/**
 * Moves one request from one of `from` to `to`, atomically: the WHERE clause re-checks the status, so of
 * several concurrent callers exactly one gets the row back and the others get null.
 */
export async function transitionChangeRequest(
  db: Queryable,
  id: number,
  transition: Transition,
): Promise<ChangeRequest | null> {
  const { rows } = await db.query(
    `UPDATE change_requests
        SET status = $3,
            updated_at = $4,
            decided_by = COALESCE($5, decided_by),
            decided_at = CASE WHEN $5::text IS NULL THEN decided_at ELSE $4 END,
            error = COALESCE($6, error),
            finished_at = CASE WHEN $7 THEN $4 ELSE finished_at END
      WHERE id = $1 AND status = ANY($2::text[]) AND ($8 = false OR expires_at > $4)
      RETURNING *`,
    [
      id,
      transition.from,
      transition.to,
      transition.now,
      transition.decidedBy ?? null,
      transition.error ?? null,
      transition.finished ?? false,
      transition.unexpired ?? false,
    ],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Expires every pending request whose deadline has passed; returns them. */
export async function expirePendingBefore(db: Queryable, now: Date): Promise<ChangeRequest[]> {
  const { rows } = await db.query(
    `UPDATE change_requests
        SET status = 'expired', updated_at = $1, decided_by = 'system', decided_at = $1, finished_at = $1
      WHERE status = 'pending' AND expires_at <= $1
      RETURNING *`,
    [now],
  );
  return rows.map(fromRow);
}

/** Requests left in `approved`/`applying` (their process stopped mid-apply) and untouched since `before`. */
export async function listInterrupted(db: Queryable, before: Date): Promise<ChangeRequest[]> {
  const { rows } = await db.query(
    `SELECT * FROM change_requests WHERE status IN ('approved', 'applying') AND updated_at <= $1 ORDER BY id`,
    [before],
  );
  return rows.map(fromRow);
}

export async function listPending(db: Queryable, limit: number): Promise<ChangeRequest[]> {
  const { rows } = await db.query(`SELECT * FROM change_requests WHERE status = 'pending' ORDER BY id DESC LIMIT $1`, [
    limit,
  ]);
  return rows.map(fromRow);
}

export async function attachMessage(db: Queryable, id: number, message: MessageRef): Promise<void> {
  await db.query('UPDATE change_requests SET channel_id = $2, message_ts = $3 WHERE id = $1', [
    id,
    message.channelId,
    message.ts,
  ]);
}
