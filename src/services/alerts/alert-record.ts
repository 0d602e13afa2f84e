import { z } from 'zod';
import type { MetricPoint } from '../pipeline/metrics.js';
import type { AlertPhase, AlertTimeline } from './evaluation/alert-transition.js';
import type { AlertLink, Severity } from './rules/alert-rule.js';

export type AlertSource = 'rule' | 'alertmanager';

/** The unit a metric is measured in, so a message can say "12.4 s" rather than "12400". */
export type MetricUnit = 'events' | 'events/min' | 'ms' | 'bytes';

/** What a metric alert's message shows (stored as JSON; the Slack side renders it). */
export interface MetricAlertDetails {
  kind: 'metric';
  ruleId: string;
  metric: string;
  unit: MetricUnit;
  /** For per-input / per-event-type rules. */
  subject?: { by: 'input' | 'event_type'; name: string };
  /** e.g. `above 250 (sum over 5m)`. */
  condition: string;
  /** The compared value (see Observation.value); for `change` rules a signed percent or amount. */
  value: number | null;
  valueKind: 'level' | 'percent_change' | 'absolute_change';
  /** The newest datapoints (oldest first), for a small trend. */
  trend: MetricPoint[];
  description?: string;
  links: AlertLink[];
  /** A button on the message: propose pausing the input, or show the failing consolidation query. */
  remedy?: { kind: 'pause_input'; input: string } | { kind: 'show_consolidation'; eventType: string };
  /** Set when the alert was resolved for a reason other than its metric (e.g. the rule was removed). */
  note?: string;
}

/** One alert of an Alertmanager group, keyed by its fingerprint. */
export interface AlertmanagerMember {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorUrl: string;
}

export interface AlertmanagerAlertDetails {
  kind: 'alertmanager';
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalUrl: string;
  /** Sorted by fingerprint, so equal groups serialise equally. */
  members: AlertmanagerMember[];
  truncatedAlerts: number;
  note?: string;
}

export type AlertDetails = MetricAlertDetails | AlertmanagerAlertDetails;

export interface AlertMessageRef {
  channelId: string;
  ts: string;
}

/** An alert as stored: identity, timeline, people's actions and the state of its Slack message. */
export interface AlertRecord extends AlertTimeline {
  id: number;
  key: string;
  source: AlertSource;
  ruleId: string | null;
  subject: string | null;
  severity: Severity;
  title: string;
  /** Where it is posted (a channel id or #name, from the rule or the default). */
  channelId: string;
  details: AlertDetails;
  ackedBy: string | null;
  ackedAt: Date | null;
  snoozedBy: string | null;
  snoozedUntil: Date | null;
  silenceIds: string[];
  /** Bumped by every write (optimistic concurrency). */
  version: number;
  /** Bumped by every change of what the message shows. */
  revision: number;
  message: AlertMessageRef | null;
  syncedRevision: number;
  syncedAt: Date | null;
  syncedHash: string | null;
  syncedKeyHash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AlertReplyKind = 'resolved' | 'reopened' | 'remedy';

/** A thread reply waiting to be posted under the alert's message. */
export interface AlertReply {
  id: number;
  alertId: number;
  incident: number;
  kind: AlertReplyKind;
  actor: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export function isActive(phase: AlertPhase): boolean {
  return phase === 'firing';
}

/** Snoozed at `now`: nothing is posted for it (no new message, no thread replies) until the snooze ends. */
export function isSnoozed(alert: Pick<AlertRecord, 'snoozedUntil'>, now: Date): boolean {
  return alert.snoozedUntil !== null && alert.snoozedUntil.getTime() > now.getTime();
}

/** Light validation of stored details: the JSON is ours, but a hand-edited row must not crash a render. */
export const AlertDetailsSchema = z.looseObject({ kind: z.enum(['metric', 'alertmanager']) });
