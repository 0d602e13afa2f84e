import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import {
  type AlertDetails,
  AlertDetailsSchema,
  type AlertMessageRef,
  type AlertRecord,
  type AlertReply,
  type AlertReplyKind,
  type AlertSource,
} from './alert-record.js';
import { ALERT_PHASES } from './evaluation/alert-transition.js';
import { SEVERITIES } from './rules/alert-rule.js';

const time = z.date().nullable();

const RowSchema = z.object({
  id: z.number().int(),
  alert_key: z.string(),
  source: z.enum(['rule', 'alertmanager']),
  rule_id: z.string().nullable(),
  subject: z.string().nullable(),
  phase: z.enum(ALERT_PHASES),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  channel_id: z.string(),
  details: AlertDetailsSchema,
  incident: z.number().int(),
  pending_since: time,
  fired_at: time,
  clear_since: time,
  resolved_at: time,
  reopen_count: z.number().int(),
  acked_by: z.string().nullable(),
  acked_at: time,
  snoozed_by: z.string().nullable(),
  snoozed_until: time,
  silence_ids: z.array(z.string()),
  version: z.number().int(),
  revision: z.number().int(),
  message_channel: z.string().nullable(),
  message_ts: z.string().nullable(),
  synced_revision: z.number().int(),
  synced_at: time,
  synced_hash: z.string().nullable(),
  synced_key_hash: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

const ms = (date: Date | null) => (date === null ? null : date.getTime());

function fromRow(raw: unknown): AlertRecord {
  const row = RowSchema.parse(raw);
  return {
    id: row.id,
    key: row.alert_key,
    source: row.source,
    ruleId: row.rule_id,
    subject: row.subject,
    phase: row.phase,
    incident: row.incident,
    pendingSince: ms(row.pending_since),
    firedAt: ms(row.fired_at),
    clearSince: ms(row.clear_since),
    resolvedAt: ms(row.resolved_at),
    reopenCount: row.reopen_count,
    severity: row.severity,
    title: row.title,
    channelId: row.channel_id,
    details: row.details as unknown as AlertDetails,
    ackedBy: row.acked_by,
    ackedAt: row.acked_at,
    snoozedBy: row.snoozed_by,
    snoozedUntil: row.snoozed_until,
    silenceIds: row.silence_ids,
    version: row.version,
    revision: row.revision,
    message: row.message_channel && row.message_ts ? { channelId: row.message_channel, ts: row.message_ts } : null,
    syncedRevision: row.synced_revision,
    syncedAt: row.synced_at,
    syncedHash: row.synced_hash,
    syncedKeyHash: row.synced_key_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Fields a write may set. Timeline times are epoch ms (null clears them). */
export interface AlertPatch {
  phase?: AlertRecord['phase'];
  incident?: number;
  pendingSince?: number | null;
  firedAt?: number | null;
  clearSince?: number | null;
  resolvedAt?: number | null;
  reopenCount?: number;
  severity?: AlertRecord['severity'];
  title?: string;
  channelId?: string;
  details?: AlertDetails;
  ackedBy?: string | null;
  ackedAt?: Date | null;
  snoozedBy?: string | null;
  snoozedUntil?: Date | null;
  silenceIds?: string[];
  /** null forgets the message (a new incident gets a new one). */
  message?: AlertMessageRef | null;
}

type Column = [column: string, cast: string, toParam: (value: never) => unknown];
const toDate = (value: number | null) => (value === null ? null : new Date(value));
const asIs = (value: unknown) => value;
const json = (value: unknown) => JSON.stringify(value);

const PATCH_COLUMNS: Record<Exclude<keyof AlertPatch, 'message'>, Column> = {
  phase: ['phase', 'text', asIs],
  incident: ['incident', 'integer', asIs],
  pendingSince: ['pending_since', 'timestamptz', toDate],
  firedAt: ['fired_at', 'timestamptz', toDate],
  clearSince: ['clear_since', 'timestamptz', toDate],
  resolvedAt: ['resolved_at', 'timestamptz', toDate],
  reopenCount: ['reopen_count', 'integer', asIs],
  severity: ['severity', 'text', asIs],
  title: ['title', 'text', asIs],
  channelId: ['channel_id', 'text', asIs],
  details: ['details', 'jsonb', json],
  ackedBy: ['acked_by', 'text', asIs],
  ackedAt: ['acked_at', 'timestamptz', asIs],
  snoozedBy: ['snoozed_by', 'text', asIs],
  snoozedUntil: ['snoozed_until', 'timestamptz', asIs],
  silenceIds: ['silence_ids', 'jsonb', json],
};

/** SET clauses for a patch, with parameters numbered from `firstParam`. */
function setClauses(patch: AlertPatch, firstParam: number): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(patch) as [keyof AlertPatch, unknown][]) {
    if (value === undefined) continue;
    if (key === 'message') {
      const ref = value as AlertMessageRef | null;
      params.push(ref?.channelId ?? null, ref?.ts ?? null);
      sql.push(
        `message_channel = $${firstParam + params.length - 2}::text`,
        `message_ts = $${firstParam + params.length - 1}::text`,
      );
      continue;
    }
    const [column, cast, toParam] = PATCH_COLUMNS[key];
    params.push((toParam as (v: unknown) => unknown)(value));
    sql.push(`${column} = $${firstParam + params.length - 1}::${cast}`);
  }
  return { sql, params };
}

export interface NewAlert extends Required<Pick<AlertPatch, 'phase' | 'severity' | 'title' | 'channelId' | 'details'>> {
  key: string;
  source: AlertSource;
  ruleId: string | null;
  subject: string | null;
  patch: AlertPatch;
}

/** Inserts a new alert, or returns null when another process inserted the same key first. */
export async function insertAlert(db: Queryable, alert: NewAlert, now: Date): Promise<AlertRecord | null> {
  const { rows } = await db.query(
    `INSERT INTO alerts (alert_key, source, rule_id, subject, phase, severity, title, channel_id, details,
                         revision, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, 1, $10, $10)
     ON CONFLICT (alert_key) DO NOTHING
     RETURNING *`,
    [
      alert.key,
      alert.source,
      alert.ruleId,
      alert.subject,
      alert.phase,
      alert.severity,
      alert.title,
      alert.channelId,
      JSON.stringify(alert.details),
      now,
    ],
  );
  const inserted = rows[0] ? fromRow(rows[0]) : null;
  if (!inserted || Object.keys(alert.patch).length === 0) return inserted;
  return updateAlert(db, inserted.id, inserted.version, alert.patch, { bumpRevision: false, now });
}

/**
 * Applies `patch` if the alert is still at `expectedVersion` (nobody else wrote it since it was read); returns the
 * new record, or null when the row moved on (the caller lost a race and must not act on its decision).
 */
export async function updateAlert(
  db: Queryable,
  id: number,
  expectedVersion: number,
  patch: AlertPatch,
  options: { bumpRevision: boolean; now: Date },
): Promise<AlertRecord | null> {
  const { sql, params } = setClauses(patch, 4);
  const { rows } = await db.query(
    `UPDATE alerts
        SET ${[...sql, 'version = version + 1', `revision = revision + ${options.bumpRevision ? 1 : 0}`, 'updated_at = $3'].join(', ')}
      WHERE id = $1 AND version = $2
      RETURNING *`,
    [id, expectedVersion, options.now, ...params],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function getAlert(db: Queryable, id: number): Promise<AlertRecord | null> {
  const { rows } = await db.query('SELECT * FROM alerts WHERE id = $1', [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function getAlertByKey(db: Queryable, key: string): Promise<AlertRecord | null> {
  const { rows } = await db.query('SELECT * FROM alerts WHERE alert_key = $1', [key]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Every alert of a source that is not idle: what the evaluator compares its observations with. */
export async function listAlertsBySource(db: Queryable, source: AlertSource): Promise<AlertRecord[]> {
  const { rows } = await db.query(`SELECT * FROM alerts WHERE source = $1 AND phase <> 'inactive' ORDER BY id`, [
    source,
  ]);
  return rows.map(fromRow);
}

export async function listAlertsInPhase(
  db: Queryable,
  phases: readonly string[],
  limit: number,
): Promise<AlertRecord[]> {
  const { rows } = await db.query(
    `SELECT * FROM alerts WHERE phase = ANY($1::text[])
      ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, fired_at NULLS LAST, id
      LIMIT $2`,
    [phases, limit],
  );
  return rows.map(fromRow);
}

/** Forgets idle alerts (resolved or never fired, not snoozed) untouched since `before`. */
export async function pruneIdleAlerts(db: Queryable, before: Date, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM alerts
      WHERE phase IN ('inactive', 'resolved') AND updated_at < $1
        AND (snoozed_until IS NULL OR snoozed_until <= $2)
        AND synced_revision >= revision`,
    [before, now],
  );
  return rowCount;
}

/** Ends snoozes that ran out: the message is redrawn and, for an alert never posted while snoozed, posted now. */
export async function endExpiredSnoozes(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE alerts
        SET snoozed_until = NULL, snoozed_by = NULL, version = version + 1, revision = revision + 1, updated_at = $1
      WHERE snoozed_until IS NOT NULL AND snoozed_until <= $1`,
    [now],
  );
  return rowCount;
}

export async function insertReply(
  db: Queryable,
  reply: { alertId: number; incident: number; kind: AlertReplyKind; actor?: string | null; payload?: object },
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO alert_replies (alert_id, incident, kind, actor, payload, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [reply.alertId, reply.incident, reply.kind, reply.actor ?? null, JSON.stringify(reply.payload ?? {}), now],
  );
}

const ReplyRowSchema = z.object({
  id: z.number().int(),
  alert_id: z.number().int(),
  incident: z.number().int(),
  kind: z.enum(['resolved', 'reopened', 'remedy']),
  actor: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  created_at: z.date(),
});

export async function listUndeliveredReplies(db: Queryable, alertId: number): Promise<AlertReply[]> {
  const { rows } = await db.query(
    'SELECT * FROM alert_replies WHERE alert_id = $1 AND delivered_at IS NULL ORDER BY id',
    [alertId],
  );
  return rows.map((raw) => {
    const row = ReplyRowSchema.parse(raw);
    return {
      id: row.id,
      alertId: row.alert_id,
      incident: row.incident,
      kind: row.kind,
      actor: row.actor,
      payload: row.payload,
      createdAt: row.created_at,
    };
  });
}

/** Marks a reply delivered; false when it already was (another process posted it). */
export async function markReplyDelivered(db: Queryable, replyId: number, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE alert_replies SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL',
    [replyId, now],
  );
  return rowCount === 1;
}

/**
 * Alerts whose message needs work: firing but never posted (and not snoozed), behind their latest revision,
 * or with thread replies waiting (a resolve while Slack was unreachable still gets its message then). Alerts whose last attempt failed wait for their retry time.
 */
export async function listAlertsNeedingSync(db: Queryable, now: Date, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT a.id FROM alerts a
      WHERE a.fired_at IS NOT NULL
        AND (a.sync_retry_at IS NULL OR a.sync_retry_at <= $1)
        AND (
          (a.message_ts IS NULL AND a.phase = 'firing' AND (a.snoozed_until IS NULL OR a.snoozed_until <= $1))
          OR (a.message_ts IS NOT NULL AND a.synced_revision < a.revision)
          OR EXISTS (SELECT 1 FROM alert_replies r WHERE r.alert_id = a.id AND r.delivered_at IS NULL)
        )
      ORDER BY a.id
      LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => row.id);
}

/**
 * Takes the alert's message lease: only its holder posts or edits the message, so two processes never post the
 * same alert twice. A lease left by a stopped process runs out after `leaseMs`.
 */
export async function claimAlertSync(
  db: Queryable,
  id: number,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<AlertRecord | null> {
  const { rows } = await db.query(
    `UPDATE alerts SET sync_owner = $2, sync_lease_until = $4
      WHERE id = $1 AND (sync_lease_until IS NULL OR sync_lease_until <= $3 OR sync_owner = $2)
      RETURNING *`,
    [id, owner, now, new Date(now.getTime() + leaseMs)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Records what the message now shows (and where it is); only the lease holder may. */
export async function recordAlertSynced(
  db: Queryable,
  id: number,
  owner: string,
  sync: { revision: number; hash: string; keyHash: string; message?: AlertMessageRef },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE alerts
        SET synced_revision = GREATEST(synced_revision, $3), synced_hash = $4, synced_key_hash = $5, synced_at = $6,
            message_channel = COALESCE($7, message_channel), message_ts = COALESCE($8, message_ts),
            sync_failures = 0, sync_retry_at = NULL
      WHERE id = $1 AND sync_owner = $2`,
    [id, owner, sync.revision, sync.hash, sync.keyHash, now, sync.message?.channelId ?? null, sync.message?.ts ?? null],
  );
  return rowCount === 1;
}

/** A failed post or edit: retry later, backing off (1, 2, 4 … 30 minutes). */
export async function recordAlertSyncFailure(db: Queryable, id: number, owner: string, now: Date): Promise<void> {
  // The back-off is computed here (portable SQL has no interval arithmetic), conditional on the count it was computed
  // from: only the lease holder writes, so the count cannot move in between.
  const { rows } = await db.query<{ sync_failures: number }>(
    'SELECT sync_failures FROM alerts WHERE id = $1 AND sync_owner = $2',
    [id, owner],
  );
  const failures = rows[0]?.sync_failures;
  if (failures === undefined) return;
  const retryAt = new Date(now.getTime() + Math.min(30, 2 ** failures) * 60_000);
  await db.query(
    `UPDATE alerts SET sync_failures = sync_failures + 1, sync_retry_at = $4
      WHERE id = $1 AND sync_owner = $2 AND sync_failures = $3`,
    [id, owner, failures, retryAt],
  );
}

export async function releaseAlertSync(db: Queryable, id: number, owner: string): Promise<void> {
  await db.query('UPDATE alerts SET sync_owner = NULL, sync_lease_until = NULL WHERE id = $1 AND sync_owner = $2', [
    id,
    owner,
  ]);
}
