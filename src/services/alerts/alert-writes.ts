import type { Database } from '../db/database.js';
import type { AlertDetails, AlertRecord, AlertSource } from './alert-record.js';
import { type AlertPatch, insertAlert, insertReply, updateAlert } from './alert-store.js';
import { canonicalJson } from './canonical-json.js';
import type { AlertDecision, AlertTimeline } from './evaluation/alert-transition.js';
import type { Severity } from './rules/alert-rule.js';

/** A decided change of one alert, from the evaluator or an Alertmanager notification. */
export interface AlertChange {
  /** The alert as read before deciding; undefined for a new key. */
  row: AlertRecord | undefined;
  identity: { key: string; source: AlertSource; ruleId: string | null; subject: string | null };
  /** Applied to a new alert and at every new incident; severity and title also when `refreshPresentation`. */
  presentation: { severity: Severity; title: string; channelId: string };
  refreshPresentation?: boolean;
  timeline: AlertTimeline;
  decision: AlertDecision;
  /** What the message shows now; undefined keeps the stored details. */
  details: AlertDetails | undefined;
}

/**
 * Writes a change atomically with its thread reply (resolved / reopened), conditional on the alert's version:
 * returns the new record, or null when another process wrote the alert first (the decision is then dropped,
 * and re-made from fresh state next time). The display revision is bumped only when the message would change.
 */
export async function writeAlertChange(db: Database, change: AlertChange, now: Date): Promise<AlertRecord | null> {
  const { row, timeline, decision, presentation } = change;
  const newIncident = decision === 'fire';
  const presentationChanged =
    row !== undefined &&
    (newIncident || change.refreshPresentation) &&
    (row.severity !== presentation.severity || row.title !== presentation.title);
  const visible =
    row === undefined ||
    presentationChanged ||
    row.phase !== timeline.phase ||
    row.incident !== timeline.incident ||
    row.reopenCount !== timeline.reopenCount ||
    (change.details !== undefined && canonicalJson(change.details) !== canonicalJson(row.details));
  const patch: AlertPatch = {
    phase: timeline.phase,
    incident: timeline.incident,
    pendingSince: timeline.pendingSince,
    firedAt: timeline.firedAt,
    clearSince: timeline.clearSince,
    resolvedAt: timeline.resolvedAt,
    reopenCount: timeline.reopenCount,
    ...(change.details ? { details: change.details } : {}),
    ...(newIncident || change.refreshPresentation
      ? { severity: presentation.severity, title: presentation.title }
      : {}),
  };
  if (newIncident && row) {
    // A new incident gets a new message, and nobody has acknowledged it yet.
    Object.assign(patch, {
      message: null,
      ackedBy: null,
      ackedAt: null,
      silenceIds: [],
      channelId: presentation.channelId,
    } satisfies AlertPatch);
  }
  return db.transaction(async (tx) => {
    let record: AlertRecord | null;
    if (!row) {
      if (!change.details) return null;
      record = await insertAlert(
        tx,
        { ...change.identity, ...presentation, phase: timeline.phase, details: change.details, patch },
        now,
      );
    } else {
      record = await updateAlert(tx, row.id, row.version, patch, { bumpRevision: visible, now });
    }
    if (!record) return null;
    if (decision === 'resolve' || decision === 'reopen') {
      await insertReply(
        tx,
        { alertId: record.id, incident: record.incident, kind: decision === 'resolve' ? 'resolved' : 'reopened' },
        now,
      );
    }
    return record;
  });
}
