import { appendAudit } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { isDatabaseId } from '../db/database-id.js';
import type { ServiceLogger } from '../service-logger.js';
import { UserError } from '../user-error.js';
import type { AlertMessageRef, AlertRecord, AlertReply } from './alert-record.js';
import {
  type AlertPatch,
  claimAlertSync,
  endExpiredSnoozes,
  getAlert,
  getAlertByKey,
  insertReply,
  listAlertsInPhase,
  listAlertsNeedingSync,
  listUndeliveredReplies,
  markReplyDelivered,
  pruneIdleAlerts,
  recordAlertSynced,
  recordAlertSyncFailure,
  releaseAlertSync,
  updateAlert,
} from './alert-store.js';
import { writeAlertChange } from './alert-writes.js';
import type { AlertmanagerApi } from './alertmanager/alertmanager-api.js';
import {
  alertmanagerChannel,
  alertmanagerDetails,
  alertmanagerKey,
  alertmanagerSeverity,
  alertmanagerTitle,
  groupMatchers,
} from './alertmanager/alertmanager-group.js';
import type { AlertmanagerWebhook } from './alertmanager/alertmanager-payload.js';
import { resolvedGroupDetails } from './alertmanager/large-group.js';
import { type AlertDecision, nextTimeline, resolveTimeline } from './evaluation/alert-transition.js';

export interface AlertServiceOptions {
  db: Database;
  clock: Clock;
  logger: ServiceLogger;
  /**
   * The Alertmanager API to create silences with, given the notification's `externalURL`: the configured one, or
   * one derived from that URL. Null: Acknowledge/Snooze on Alertmanager alerts cannot silence and say so.
   */
  alertmanagerFor?: (externalUrl: string) => AlertmanagerApi | null;
  /** Alertmanager groups firing again within this long after resolving reuse their message (default 1 h). */
  reopenWindowMs?: number;
  /** How long the silence created by Acknowledge on an Alertmanager alert lasts (default 24 h). */
  ackSilenceMs?: number;
}

export type AlertRefusal = 'not_found' | 'earlier_incident' | 'not_firing' | 'already_acknowledged';

export type AlertActionOutcome =
  | { type: 'done'; alert: AlertRecord; silenceId?: string }
  | { type: 'refused'; reason: AlertRefusal; alert: AlertRecord | null };

export interface IngestResult {
  alert: AlertRecord | null;
  decision: AlertDecision | 'ignored';
}

const WRITE_ATTEMPTS = 5;

/**
 * Alerts as people act on them: list, acknowledge, snooze, remedies, Alertmanager notifications, and the
 * bookkeeping the Slack notifier needs (which messages to post or edit, who holds an alert's message lease).
 * Knows nothing of Slack.
 */
export class AlertService {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #logger: ServiceLogger;
  readonly #alertmanagerFor: (externalUrl: string) => AlertmanagerApi | null;
  readonly #reopenWindowMs: number;
  readonly #ackSilenceMs: number;

  constructor(options: AlertServiceOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#alertmanagerFor = options.alertmanagerFor ?? (() => null);
    this.#reopenWindowMs = options.reopenWindowMs ?? 60 * 60_000;
    this.#ackSilenceMs = options.ackSilenceMs ?? 24 * 60 * 60_000;
  }

  now(): Date {
    return this.#clock.now();
  }

  /** Null for an id no alert can have (from a forged button), rather than PostgreSQL's out-of-range error. */
  get(id: number): Promise<AlertRecord | null> {
    return isDatabaseId(id) ? getAlert(this.#db, id) : Promise.resolve(null);
  }

  /** Firing alerts, most severe first. */
  listFiring(limit = 20): Promise<AlertRecord[]> {
    return listAlertsInPhase(this.#db, ['firing'], limit);
  }

  /**
   * Records who acknowledged a firing alert. For an Alertmanager alert this also creates a silence for its group
   * (createdBy `slack:<user id>`), first, so that nothing is recorded when Alertmanager refuses.
   */
  async acknowledge(id: number, incident: number, userId: string): Promise<AlertActionOutcome> {
    return this.#act(id, incident, {
      check: (alert) => (alert.phase !== 'firing' ? 'not_firing' : alert.ackedBy ? 'already_acknowledged' : undefined),
      silence: { userId, durationMs: this.#ackSilenceMs, what: 'Acknowledged in Slack' },
      patch: (_alert, now) => ({ ackedBy: userId, ackedAt: now }),
      audit: { action: 'alert_acknowledged', outcome: () => 'acknowledged' },
    });
  }

  /**
   * Mutes an alert for `durationMs`: no new message and no thread replies meanwhile (its existing message is still
   * kept up to date). For an Alertmanager alert it is a silence of the group for that long.
   */
  async snooze(id: number, incident: number, userId: string, durationMs: number): Promise<AlertActionOutcome> {
    const minutes = Math.round(durationMs / 60_000);
    return this.#act(id, incident, {
      check: (alert) => (alert.phase === 'inactive' ? 'not_firing' : undefined),
      silence: { userId, durationMs, what: `Snoozed in Slack for ${minutes} min` },
      patch: (_alert, now) => ({ snoozedBy: userId, snoozedUntil: new Date(now.getTime() + durationMs) }),
      audit: {
        action: 'alert_snoozed',
        outcome: (now) => `snoozed until ${new Date(now.getTime() + durationMs).toISOString()}`,
      },
    });
  }

  /** The input an alert's "Pause input" remedy would pause, checked against the alert as stored (not the button). */
  async pauseInputTarget(id: number, incident: number): Promise<{ alert: AlertRecord; input: string }> {
    const alert = await this.get(id);
    if (!alert || alert.incident !== incident) {
      throw new UserError('alert_gone', 'This alert message is out of date; use the newest message of the alert.');
    }
    if (alert.details.kind !== 'metric' || alert.details.remedy?.kind !== 'pause_input') {
      throw new UserError('no_remedy', 'This alert has no "Pause input" remedy.');
    }
    return { alert, input: alert.details.remedy.input };
  }

  /** Notes in the alert's thread that someone proposed its remedy as change request `changeId`. */
  async recordRemedyProposed(alert: AlertRecord, userId: string, changeId: number): Promise<void> {
    await insertReply(
      this.#db,
      { alertId: alert.id, incident: alert.incident, kind: 'remedy', actor: userId, payload: { changeId } },
      this.#clock.now(),
    );
  }

  /**
   * Takes an Alertmanager notification: one alert per group (receiver + groupKey), its members by fingerprint.
   * Firing creates or updates the group's alert (reopening it if it resolved within the reopen window);
   * resolved resolves it. A resolved notification for a group never seen firing is ignored.
   */
  async ingestAlertmanager(payload: AlertmanagerWebhook, defaultChannel: string): Promise<IngestResult> {
    const key = alertmanagerKey(payload);
    const details = alertmanagerDetails(payload);
    const presentation = {
      severity: alertmanagerSeverity(payload),
      title: alertmanagerTitle(payload),
      channelId: alertmanagerChannel(payload, defaultChannel),
    };
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const now = this.#clock.now();
      const row = (await getAlertByKey(this.#db, key)) ?? undefined;
      if (!row && payload.status === 'resolved') return { alert: null, decision: 'ignored' };
      const { timeline, decision } = nextTimeline(
        row,
        payload.status === 'firing' ? 'breach' : 'clear',
        { forMs: 0, resolveAfterMs: 0, reopenWindowMs: this.#reopenWindowMs },
        now.getTime(),
      );
      const written = await writeAlertChange(
        this.#db,
        {
          row,
          identity: { key, source: 'alertmanager', ruleId: null, subject: null },
          presentation,
          refreshPresentation: true,
          timeline,
          decision,
          details,
        },
        now,
      );
      if (written) {
        if (decision !== 'none') this.#logger.info({ alert: key, decision }, 'alertmanager group changed');
        return { alert: written, decision };
      }
    }
    throw new Error(`Alert ${key} kept changing under this notification; Alertmanager will send it again`);
  }

  /**
   * Periodic upkeep: ends snoozes that ran out (their messages are redrawn, and an alert that fired while snoozed
   * is posted then) and forgets idle alerts untouched for `retainIdleMs` (default 7 days).
   */
  async housekeep(retainIdleMs = 7 * 24 * 60 * 60_000): Promise<void> {
    const now = this.#clock.now();
    await endExpiredSnoozes(this.#db, now);
    await pruneIdleAlerts(this.#db, new Date(now.getTime() - retainIdleMs), now);
  }

  /**
   * Alertmanager sends no "resolved" for alerts that are silenced, so a group acknowledged or snoozed from Slack
   * would stay firing here for ever. For such groups, ask Alertmanager whether any of their alerts is still active;
   * when none is, resolve the group (with a note saying so). Unreachable Alertmanagers are skipped this time.
   */
  async reconcileSilencedGroups(): Promise<number> {
    let resolved = 0;
    const firing = await listAlertsInPhase(this.#db, ['firing'], 500);
    for (const group of firing) {
      if (group.source !== 'alertmanager' || group.details.kind !== 'alertmanager' || group.silenceIds.length === 0) {
        continue;
      }
      const api = this.#alertmanagerFor(group.details.externalUrl);
      if (!api) continue;
      let active: string[];
      try {
        active = await api.activeAlerts(groupMatchers(group.details));
      } catch (error) {
        this.#logger.warn({ err: error, alert: group.key }, 'could not ask Alertmanager about a silenced group');
        continue;
      }
      if (active.length > 0) continue;
      const now = this.#clock.now();
      const details = {
        ...resolvedGroupDetails(group.details),
        note: 'Resolved while silenced: Alertmanager no longer holds any of its alerts as active.',
      };
      const written = await writeAlertChange(
        this.#db,
        {
          row: group,
          identity: { key: group.key, source: 'alertmanager', ruleId: null, subject: null },
          presentation: { severity: group.severity, title: group.title, channelId: group.channelId },
          timeline: resolveTimeline(group, now.getTime()),
          decision: 'resolve',
          details,
        },
        now,
      );
      if (written) {
        resolved++;
        this.#logger.info({ alert: group.key }, 'silenced alertmanager group resolved');
      }
    }
    return resolved;
  }

  // The notifier's bookkeeping (see alert-store.ts for the semantics).

  needingSync(limit = 100): Promise<number[]> {
    return listAlertsNeedingSync(this.#db, this.#clock.now(), limit);
  }

  claimSync(id: number, owner: string, leaseMs = 2 * 60_000): Promise<AlertRecord | null> {
    return claimAlertSync(this.#db, id, owner, this.#clock.now(), leaseMs);
  }

  undeliveredReplies(id: number): Promise<AlertReply[]> {
    return listUndeliveredReplies(this.#db, id);
  }

  markReplyDelivered(replyId: number): Promise<boolean> {
    return markReplyDelivered(this.#db, replyId, this.#clock.now());
  }

  recordSynced(
    id: number,
    owner: string,
    sync: { revision: number; hash: string; keyHash: string; message?: AlertMessageRef },
  ): Promise<boolean> {
    return recordAlertSynced(this.#db, id, owner, sync, this.#clock.now());
  }

  recordSyncFailure(id: number, owner: string): Promise<void> {
    return recordAlertSyncFailure(this.#db, id, owner, this.#clock.now());
  }

  releaseSync(id: number, owner: string): Promise<void> {
    return releaseAlertSync(this.#db, id, owner);
  }

  /**
   * Read → check → (once) the Alertmanager silence → conditional write; re-read and re-checked when another process
   * wrote in between. The silence comes first so that nothing is recorded when Alertmanager refuses it.
   */
  async #act(
    id: number,
    incident: number,
    action: {
      check(alert: AlertRecord): AlertRefusal | undefined;
      silence: { userId: string; durationMs: number; what: string };
      patch(alert: AlertRecord, now: Date): AlertPatch;
      /** The audit entry written with the change, in the same transaction. */
      audit: { action: string; outcome(now: Date): string };
    },
  ): Promise<AlertActionOutcome> {
    let silenceId: string | undefined;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const alert = await this.get(id);
      if (!alert) return { type: 'refused', reason: 'not_found', alert: null };
      if (alert.incident !== incident) return { type: 'refused', reason: 'earlier_incident', alert };
      const refusal = action.check(alert);
      if (refusal) return { type: 'refused', reason: refusal, alert };
      const now = this.#clock.now();
      silenceId ??= await this.#silence(
        alert,
        action.silence.userId,
        now,
        action.silence.durationMs,
        action.silence.what,
      );
      const patch: AlertPatch = {
        ...action.patch(alert, now),
        ...(silenceId ? { silenceIds: [...alert.silenceIds.filter((s) => s !== silenceId), silenceId] } : {}),
      };
      const updated = await this.#db.transaction(async (tx) => {
        const written = await updateAlert(tx, id, alert.version, patch, { bumpRevision: true, now });
        if (written) {
          await appendAudit(tx, {
            at: now,
            actor: action.silence.userId,
            action: action.audit.action,
            changeId: null,
            resource: { type: 'alert', id: alert.key, label: alert.subject ?? alert.title },
            summary: alert.title,
            diff: null,
            outcome: action.audit.outcome(now),
            detail: silenceId ? `Alertmanager silence ${silenceId}` : null,
          });
        }
        return written;
      });
      if (updated) return { type: 'done', alert: updated, ...(silenceId ? { silenceId } : {}) };
    }
    throw new Error(`Alert ${id} kept changing; try again`);
  }

  /** Creates the Alertmanager silence an action on an Alertmanager alert means; undefined for metric alerts. */
  async #silence(
    alert: AlertRecord,
    userId: string,
    now: Date,
    durationMs: number,
    what: string,
  ): Promise<string | undefined> {
    if (alert.source !== 'alertmanager' || alert.details.kind !== 'alertmanager') return undefined;
    const api = this.#alertmanagerFor(alert.details.externalUrl);
    if (!api) {
      throw new UserError(
        'alertmanager_not_configured',
        'Cannot silence this alert: set ALERTMANAGER_URL so that pipeops can reach the Alertmanager API.',
      );
    }
    const matchers = groupMatchers(alert.details);
    if (matchers.length === 0) {
      throw new UserError('no_matchers', 'Cannot silence this group: it has no labels to match it by.');
    }
    const silenceId = await api.createSilence({
      matchers,
      startsAt: now,
      endsAt: new Date(now.getTime() + durationMs),
      createdBy: `slack:${userId}`,
      comment: `${what} (pipeops alert #${alert.id}: ${alert.title})`.slice(0, 500),
    });
    this.#logger.info({ alert: alert.key, silenceId, user: userId }, 'alertmanager silence created');
    return silenceId;
  }
}
