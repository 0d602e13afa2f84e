import { z } from 'zod';
import type { ResourceRef } from '../changes/change-kind.js';
import type { Queryable } from '../db/database.js';
import type { DriftMessageRef, DriftRecord } from './drift-record.js';
import type { DriftState } from './drift-state.js';

const StateSchema = z.object({ snapshot: z.json(), secrets: z.record(z.string(), z.string()) });
const time = z.date().nullable();

const RowSchema = z.object({
  id: z.number().int(),
  resource_type: z.string(),
  resource_id: z.string(),
  resource_label: z.string(),
  known: StateSchema,
  known_at: z.date(),
  known_by: z.string(),
  drifted: StateSchema.nullable(),
  diff: z.string().nullable(),
  incident: z.number().int(),
  first_seen_at: time,
  last_seen_at: time,
  closed_how: z.enum(['accepted', 'restored']).nullable(),
  closed_by: z.string().nullable(),
  revision: z.number().int(),
  synced_revision: z.number().int(),
  message_channel: z.string().nullable(),
  message_ts: z.string().nullable(),
  version: z.number().int(),
  updated_at: z.date(),
});

function fromRow(raw: unknown): DriftRecord {
  const row = RowSchema.parse(raw);
  return {
    id: row.id,
    resource: { type: row.resource_type, id: row.resource_id, label: row.resource_label },
    known: row.known as DriftState,
    knownAt: row.known_at,
    knownBy: row.known_by,
    drifted: row.drifted as DriftState | null,
    diff: row.diff,
    incident: row.incident,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    closedHow: row.closed_how,
    closedBy: row.closed_by,
    revision: row.revision,
    syncedRevision: row.synced_revision,
    message: row.message_channel && row.message_ts ? { channelId: row.message_channel, ts: row.message_ts } : null,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export async function getDrift(db: Queryable, id: number): Promise<DriftRecord | null> {
  const { rows } = await db.query('SELECT * FROM drift_resources WHERE id = $1', [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function findDrift(db: Queryable, ref: Pick<ResourceRef, 'type' | 'id'>): Promise<DriftRecord | null> {
  const { rows } = await db.query('SELECT * FROM drift_resources WHERE resource_type = $1 AND resource_id = $2', [
    ref.type,
    ref.id,
  ]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Resources that show a drift now, oldest first. */
export async function listDrifted(db: Queryable): Promise<DriftRecord[]> {
  const { rows } = await db.query('SELECT * FROM drift_resources WHERE drifted IS NOT NULL ORDER BY first_seen_at, id');
  return rows.map(fromRow);
}

/** The first state pipeops sees of a resource becomes its known state (a concurrent insert wins: nothing happens). */
export async function insertKnown(
  db: Queryable,
  ref: ResourceRef,
  known: DriftState,
  knownBy: string,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO drift_resources (resource_type, resource_id, resource_label, known, known_at, known_by, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $5)
     ON CONFLICT (resource_type, resource_id) DO NOTHING`,
    [ref.type, ref.id, ref.label, JSON.stringify(known), now, knownBy],
  );
}

/** What a write may set. `revise` bumps the revision (what the message shows changed). */
export interface DriftPatch {
  label?: string;
  known?: { state: DriftState; at: Date; by: string };
  drifted?: { state: DriftState; diff: string } | null;
  incident?: number;
  firstSeenAt?: Date | null;
  lastSeenAt?: Date | null;
  closed?: { how: 'accepted' | 'restored'; by: string } | null;
  forgetMessage?: boolean;
  revise?: boolean;
}

/** One conditional write: only if the row is still at `version` (another process or click did not move it first). */
export async function updateDrift(
  db: Queryable,
  record: Pick<DriftRecord, 'id' | 'version'>,
  patch: DriftPatch,
  now: Date,
): Promise<DriftRecord | null> {
  const sets: string[] = ['version = version + 1', 'updated_at = $3'];
  const params: unknown[] = [record.id, record.version, now];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (patch.label !== undefined) set('resource_label', patch.label);
  if (patch.known) {
    set('known', JSON.stringify(patch.known.state), '::jsonb');
    set('known_at', patch.known.at);
    set('known_by', patch.known.by);
  }
  if (patch.drifted !== undefined) {
    set('drifted', patch.drifted === null ? null : JSON.stringify(patch.drifted.state), '::jsonb');
    set('diff', patch.drifted?.diff ?? null);
  }
  if (patch.incident !== undefined) set('incident', patch.incident);
  if (patch.firstSeenAt !== undefined) set('first_seen_at', patch.firstSeenAt);
  if (patch.lastSeenAt !== undefined) set('last_seen_at', patch.lastSeenAt);
  if (patch.closed !== undefined) {
    set('closed_how', patch.closed?.how ?? null);
    set('closed_by', patch.closed?.by ?? null);
  }
  if (patch.forgetMessage) sets.push('message_channel = NULL', 'message_ts = NULL', 'synced_revision = revision');
  if (patch.revise) sets.push('revision = revision + 1');
  const { rows } = await db.query(
    `UPDATE drift_resources SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
    params,
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Ids whose message is behind what it should show. */
export async function listDriftsNeedingSync(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM drift_resources WHERE synced_revision < revision ORDER BY id',
  );
  return rows.map((row) => row.id);
}

/** Takes the message lease: only its holder posts or edits the message, so no two processes post the same drift. */
export async function claimDriftSync(
  db: Queryable,
  id: number,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<DriftRecord | null> {
  const { rows } = await db.query(
    `UPDATE drift_resources SET sync_owner = $2, sync_lease_until = $4
      WHERE id = $1 AND synced_revision < revision
        AND (sync_lease_until IS NULL OR sync_lease_until <= $3 OR sync_owner = $2)
      RETURNING *`,
    [id, owner, now, new Date(now.getTime() + leaseMs)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Records that the message shows `revision` (and where it is), and gives the lease back. */
export async function recordDriftSynced(
  db: Queryable,
  id: number,
  owner: string,
  revision: number,
  message: DriftMessageRef | null,
): Promise<void> {
  await db.query(
    `UPDATE drift_resources
        SET synced_revision = CASE WHEN synced_revision > $3 THEN synced_revision ELSE $3 END,
            message_channel = COALESCE($4, message_channel), message_ts = COALESCE($5, message_ts),
            sync_owner = NULL, sync_lease_until = NULL
      WHERE id = $1 AND sync_owner = $2`,
    [id, owner, revision, message?.channelId ?? null, message?.ts ?? null],
  );
}

export async function releaseDriftSync(db: Queryable, id: number, owner: string): Promise<void> {
  await db.query(
    'UPDATE drift_resources SET sync_owner = NULL, sync_lease_until = NULL WHERE id = $1 AND sync_owner = $2',
    [id, owner],
  );
}
