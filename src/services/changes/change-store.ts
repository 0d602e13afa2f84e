import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { JsonValue } from '../json-value.js';
import { type ChangeDocumentCache, type ChangeDocuments, insertChangeDocuments } from './change-documents.js';
import type { ResourceRef } from './change-kind.js';
import {
  type Approval,
  type ChangeRequest,
  type ChangeStatus,
  type ChangesSummary,
  changeStatuses,
  type MessageRef,
} from './change-request.js';

/**
 * Every column of a change request but the sealed value (which is read only by the apply that needs it). Reads name
 * their columns so a row never drags the secret along, and writes return only what they change. The documents
 * (snapshots, diff, preview) are in change_documents, read through a ChangeDocumentCache.
 */
const COLUMNS = `id, kind, params, resource_type, resource_id, resource_label, title, changes_summary, status,
  destructive, approvals_required, requested_by, requested_at, expires_at, decided_by, decided_at, finished_at, error,
  channel_id, message_ts, replanned_from, superseded_by, changed_by, updated_at`;

/** The columns a transition changes: what it returns, merged into the request the caller holds. */
const TRANSITION_COLUMNS =
  'id, status, decided_by, decided_at, finished_at, error, changed_by, superseded_by, updated_at';

const time = z.date();
const optionalTime = z.date().nullable();

// JSON columns (params, states, summary, preview) are validated when they enter the database (the kinds' zod params
// and snapshots, built by this process); re-validating megabytes of stored JSON at every read would cost more than
// the whole apply. The scalar columns are checked here, cheaply.
const RowSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  params: z.unknown(),
  resource_type: z.string(),
  resource_id: z.string(),
  resource_label: z.string(),
  title: z.string(),
  changes_summary: z.unknown(),
  status: z.enum(changeStatuses),
  destructive: z.boolean(),
  approvals_required: z.number().int().min(1),
  requested_by: z.string(),
  requested_at: time,
  expires_at: time,
  decided_by: z.string().nullable(),
  decided_at: optionalTime,
  finished_at: optionalTime,
  error: z.string().nullable(),
  channel_id: z.string().nullable(),
  message_ts: z.string().nullable(),
  replanned_from: z.number().int().nullable(),
  superseded_by: z.number().int().nullable(),
  changed_by: z.number().int().nullable(),
  updated_at: time,
});

const TransitionRowSchema = RowSchema.pick({
  id: true,
  status: true,
  decided_by: true,
  decided_at: true,
  finished_at: true,
  error: true,
  changed_by: true,
  superseded_by: true,
  updated_at: true,
});

const emptySummary: ChangesSummary = { shown: [], total: 0 };

function fromRow(raw: unknown, documents: ChangeDocuments | undefined): ChangeRequest {
  const row = RowSchema.parse(raw);
  return {
    id: row.id,
    kind: row.kind,
    params: row.params as JsonValue,
    resource: { type: row.resource_type, id: row.resource_id, label: row.resource_label },
    title: row.title,
    // A row without documents can only be one being deleted in between (documents are inserted with the row).
    before: documents?.before ?? null,
    after: documents?.after ?? null,
    diff: documents?.diff ?? '',
    // Requests proposed before the summary was stored (migration 004) list no changes: their diff still shows them.
    changes: (row.changes_summary as ChangesSummary | null) ?? emptySummary,
    preview: documents?.preview ?? null,
    status: row.status,
    destructive: row.destructive,
    approvalsRequired: row.approvals_required,
    approvals: [],
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    finishedAt: row.finished_at,
    error: row.error,
    message: row.channel_id && row.message_ts ? { channelId: row.channel_id, ts: row.message_ts } : null,
    replannedFrom: row.replanned_from,
    supersededBy: row.superseded_by,
    changedBy: row.changed_by,
    alsoPending: [],
    updatedAt: row.updated_at,
  };
}

/** The requests a `WHERE …` clause selects, with their documents (from the cache when it has them). */
async function selectRequests(
  db: Queryable,
  clause: string,
  params: readonly unknown[],
  documents: ChangeDocumentCache,
): Promise<ChangeRequest[]> {
  const { rows } = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM change_requests ${clause}`, params);
  const found = await documents.read(
    db,
    rows.map((row) => Number(row.id)),
  );
  return rows.map((row) => fromRow(row, found.get(Number(row.id))));
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
  | 'changes'
  | 'preview'
  | 'destructive'
  | 'approvalsRequired'
  | 'requestedBy'
  | 'requestedAt'
  | 'expiresAt'
  | 'replannedFrom'
> & {
  /** Identifies the plan (kind + resource + params): at most one pending request per plan. */
  paramsHash: string;
};

/**
 * Stores a new pending request, or returns null when an identical plan (same kind, resource and params) is already
 * pending: the partial unique index makes that check and the insert one atomic write, across replicas.
 */
export async function insertChangeRequest(
  db: Queryable,
  request: NewChangeRequest,
  documents: ChangeDocumentCache,
): Promise<ChangeRequest | null> {
  const { rows } = await db.query(
    `INSERT INTO change_requests (kind, params, resource_type, resource_id, resource_label, title, changes_summary,
       status, destructive, approvals_required, requested_by, requested_at, expires_at, replanned_from, updated_at,
       params_hash)
     VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7::jsonb, 'pending', $8, $9, $10, $11, $12, $13, $11, $14)
     ON CONFLICT (kind, resource_type, resource_id, params_hash) WHERE status = 'pending' DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      request.kind,
      JSON.stringify(request.params),
      request.resource.type,
      request.resource.id,
      request.resource.label,
      request.title,
      JSON.stringify(request.changes),
      request.destructive,
      request.approvalsRequired,
      request.requestedBy,
      request.requestedAt,
      request.expiresAt,
      request.replannedFrom,
      request.paramsHash,
    ],
  );
  const row = rows[0] as Record<string, unknown> | undefined;
  if (!row) return null;
  const id = Number(row.id);
  const stored = { before: request.before, after: request.after, diff: request.diff, preview: request.preview };
  await insertChangeDocuments(db, id, stored);
  return fromRow(row, documents.remember(id, stored));
}

/** The pending request with this exact plan, if any. */
export async function findPendingPlan(
  db: Queryable,
  plan: { kind: string; resource: ResourceRef; paramsHash: string },
  documents: ChangeDocumentCache,
): Promise<ChangeRequest | null> {
  const [found] = await selectRequests(
    db,
    "WHERE kind = $1 AND resource_type = $2 AND resource_id = $3 AND params_hash = $4 AND status = 'pending'",
    [plan.kind, plan.resource.type, plan.resource.id, plan.paramsHash],
    documents,
  );
  return found ?? null;
}

export async function getChangeRequest(
  db: Queryable,
  id: number,
  documents: ChangeDocumentCache,
): Promise<ChangeRequest | null> {
  const [found] = await selectRequests(db, 'WHERE id = $1', [id], documents);
  return found ?? null;
}

export async function listApprovals(db: Queryable, id: number): Promise<Approval[]> {
  const { rows } = await db.query<{ approver: string; approved_at: Date }>(
    'SELECT approver, approved_at FROM change_approvals WHERE change_id = $1 ORDER BY approved_at, approver',
    [id],
  );
  return rows.map((row) => ({ userId: row.approver, at: row.approved_at }));
}

/** Ids of the other requests pending on a resource, oldest first. */
export async function listPendingOnResource(db: Queryable, resource: ResourceRef, exceptId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM change_requests
      WHERE resource_type = $1 AND resource_id = $2 AND status = 'pending' AND id <> $3 ORDER BY id`,
    [resource.type, resource.id, exceptId],
  );
  return rows.map((row) => row.id);
}

/** The latest request applied to a resource after `since` (what changed it under a plan made then), if any. */
export async function lastAppliedOnResource(
  db: Queryable,
  resource: ResourceRef,
  since: Date,
  exceptId: number,
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM change_requests
      WHERE resource_type = $1 AND resource_id = $2 AND status = 'applied' AND finished_at >= $3 AND id <> $4
      ORDER BY finished_at DESC, id DESC LIMIT 1`,
    [resource.type, resource.id, since, exceptId],
  );
  return rows[0]?.id ?? null;
}

/**
 * Takes the row lock of a pending request for the rest of the transaction (PostgreSQL: a row lock; SQLite: the
 * transaction holds the database), so that concurrent approvals of one request are counted one after another.
 * False when it is no longer pending.
 */
export async function lockPending(db: Queryable, id: number): Promise<boolean> {
  const { rows } = await db.query(
    "UPDATE change_requests SET updated_at = updated_at WHERE id = $1 AND status = 'pending' RETURNING id",
    [id],
  );
  return rows.length === 1;
}

/** Records an approval; false when this person had already approved this request. */
export async function insertApproval(db: Queryable, id: number, approver: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO change_approvals (change_id, approver, approved_at) VALUES ($1, $2, $3)
     ON CONFLICT (change_id, approver) DO NOTHING`,
    [id, approver, at],
  );
  return rowCount === 1;
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
  /** Only move if the request has at least this many approvals recorded. */
  minApprovals?: number;
  /** Take (or keep) the apply's lease: this process owns the request until `until`. */
  lease?: { owner: string; until: Date };
  /** Only move if the request is owned by `owner`, or its lease has run out (a takeover). */
  ownedBy?: string;
  /** Mark that the write to the pipeline starts now. */
  writeStarts?: boolean;
  changedBy?: number;
  supersededBy?: number;
}

/** The fields a transition changed; merged into the caller's copy of the request. */
export type TransitionResult = Pick<
  ChangeRequest,
  'id' | 'status' | 'decidedBy' | 'decidedAt' | 'finishedAt' | 'error' | 'changedBy' | 'supersededBy' | 'updatedAt'
>;

/**
 * Moves one request from one of `from` to `to`, atomically: the WHERE clause re-checks the status (and the other
 * conditions asked for), so of several concurrent callers exactly one gets the row back and the others get null.
 * A request that finishes loses its sealed value in the same write.
 */
export async function transitionChangeRequest(
  db: Queryable,
  id: number,
  transition: Transition,
): Promise<TransitionResult | null> {
  const { rows } = await db.query(
    `UPDATE change_requests
        SET status = $3,
            updated_at = $4,
            decided_by = COALESCE($5, decided_by),
            decided_at = CASE WHEN $5::text IS NULL THEN decided_at ELSE $4 END,
            error = COALESCE($6, error),
            finished_at = CASE WHEN $7 THEN $4 ELSE finished_at END,
            sealed_value = CASE WHEN $7 THEN NULL ELSE sealed_value END,
            owner = CASE WHEN $7 THEN NULL WHEN $10::text IS NULL THEN owner ELSE $10 END,
            lease_until = CASE WHEN $7 THEN NULL WHEN $10::text IS NULL THEN lease_until ELSE $11 END,
            write_started_at = CASE WHEN $13 THEN $4 ELSE write_started_at END,
            changed_by = COALESCE($14, changed_by),
            superseded_by = COALESCE($15, superseded_by)
      WHERE id = $1 AND status = ANY($2::text[]) AND ($8 = false OR expires_at > $4)
        AND ($9::integer IS NULL OR (SELECT count(*) FROM change_approvals a WHERE a.change_id = $1) >= $9)
        AND ($12::text IS NULL OR owner IS NULL OR owner = $12 OR lease_until <= $4)
      RETURNING ${TRANSITION_COLUMNS}`,
    [
      id,
      transition.from,
      transition.to,
      transition.now,
      transition.decidedBy ?? null,
      transition.error ?? null,
      transition.finished ?? false,
      transition.unexpired ?? false,
      transition.minApprovals ?? null,
      transition.lease?.owner ?? null,
      transition.lease?.until ?? null,
      transition.ownedBy ?? null,
      transition.writeStarts ?? false,
      transition.changedBy ?? null,
      transition.supersededBy ?? null,
    ],
  );
  if (!rows[0]) return null;
  const row = TransitionRowSchema.parse(rows[0]);
  return {
    id: row.id,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    finishedAt: row.finished_at,
    error: row.error,
    changedBy: row.changed_by,
    supersededBy: row.superseded_by,
    updatedAt: row.updated_at,
  };
}

/** Extends the apply's lease while the owner is still working on it; false if it lost the request. */
export async function renewLease(db: Queryable, id: number, owner: string, until: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE change_requests SET lease_until = $3
      WHERE id = $1 AND owner = $2 AND status IN ('approved', 'applying', 'unknown')`,
    [id, owner, until],
  );
  return rowCount === 1;
}

/** Gives the lease up (e.g. an unknown outcome waiting for a later re-check that any process may do). */
export async function releaseLease(db: Queryable, id: number, owner: string, now: Date): Promise<void> {
  await db.query('UPDATE change_requests SET lease_until = $3 WHERE id = $1 AND owner = $2', [id, owner, now]);
}

/** When the request's write to the pipeline started (null if it never did). */
export async function writeStartedAt(db: Queryable, id: number): Promise<Date | null> {
  const { rows } = await db.query<{ write_started_at: Date | null }>(
    'SELECT write_started_at FROM change_requests WHERE id = $1',
    [id],
  );
  return rows[0]?.write_started_at ?? null;
}

export async function storeSealedValue(db: Queryable, id: number, sealed: string): Promise<void> {
  await db.query('UPDATE change_requests SET sealed_value = $2 WHERE id = $1', [id, sealed]);
}

export async function readSealedValue(db: Queryable, id: number): Promise<string | null> {
  const { rows } = await db.query<{ sealed_value: string | null }>(
    'SELECT sealed_value FROM change_requests WHERE id = $1',
    [id],
  );
  return rows[0]?.sealed_value ?? null;
}

/** Expires every pending request whose deadline has passed; returns their ids. */
export async function expirePendingBefore(db: Queryable, now: Date): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE change_requests
        SET status = 'expired', updated_at = $1, decided_by = 'system', decided_at = $1, finished_at = $1,
            sealed_value = NULL
      WHERE status = 'pending' AND expires_at <= $1
      RETURNING id`,
    [now],
  );
  return rows.map((row) => row.id);
}

/**
 * Marks every other pending request on a resource stale because `byId` was just applied to it (their plans were
 * made against the resource as it was); returns their ids.
 */
export async function supersedePending(
  db: Queryable,
  resource: ResourceRef,
  byId: number,
  now: Date,
): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE change_requests
        SET status = 'stale', updated_at = $4, decided_by = 'system', decided_at = $4, finished_at = $4,
            sealed_value = NULL, superseded_by = $3, changed_by = $3, error = $5
      WHERE resource_type = $1 AND resource_id = $2 AND status = 'pending' AND id <> $3
      RETURNING id`,
    [
      resource.type,
      resource.id,
      byId,
      now,
      `Superseded by #${byId}, applied to this resource first. Nothing was applied.`,
    ],
  );
  return rows.map((row) => row.id);
}

/**
 * Requests whose apply is in flight or undecided that this process may settle: its own (by owner), those whose
 * lease ran out (their process stopped), and those from before leases existed. `anyOwner`: every one (a process
 * that holds the data directory alone).
 */
export async function listSettleable(
  db: Queryable,
  options: { owner: string; now: Date; anyOwner: boolean },
  documents: ChangeDocumentCache,
): Promise<ChangeRequest[]> {
  return selectRequests(
    db,
    `WHERE status IN ('approved', 'applying', 'unknown')
        AND ($3 OR owner IS NULL OR owner = $1 OR lease_until IS NULL OR lease_until <= $2)
      ORDER BY id`,
    [options.owner, options.now, options.anyOwner],
    documents,
  );
}

export async function listPending(
  db: Queryable,
  limit: number,
  documents: ChangeDocumentCache,
): Promise<ChangeRequest[]> {
  return selectRequests(db, "WHERE status = 'pending' ORDER BY id DESC LIMIT $1", [limit], documents);
}

export async function listByIds(
  db: Queryable,
  ids: readonly number[],
  documents: ChangeDocumentCache,
): Promise<ChangeRequest[]> {
  if (ids.length === 0) return [];
  return selectRequests(db, 'WHERE CAST(id AS TEXT) = ANY($1::text[]) ORDER BY id', [ids.map(String)], documents);
}

export async function attachMessage(db: Queryable, id: number, message: MessageRef): Promise<void> {
  await db.query('UPDATE change_requests SET channel_id = $2, message_ts = $3 WHERE id = $1', [
    id,
    message.channelId,
    message.ts,
  ]);
}
