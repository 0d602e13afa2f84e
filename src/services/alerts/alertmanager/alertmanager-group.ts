import type { AlertmanagerAlertDetails, AlertmanagerMember } from '../alert-record.js';
import type { Severity } from '../rules/alert-rule.js';
import type { SilenceMatcher } from './alertmanager-api.js';
import type { AlertmanagerWebhook } from './alertmanager-payload.js';
import { type AlertmanagerGroupDetails, addOmitted, keepGroupAlerts, NO_OMITTED_ALERTS } from './large-group.js';

/** One Slack message per receiver and group: the same group key under another receiver is another group. */
export function alertmanagerKey(payload: Pick<AlertmanagerWebhook, 'receiver' | 'groupKey'>): string {
  return `am:${payload.receiver}:${payload.groupKey}`;
}

/**
 * What the message of an Alertmanager group shows: the notification's view of the group, members by fingerprint;
 * of a group over MAX_KEPT_ALERTS, those kept (firing first) and the count of the rest.
 */
export function alertmanagerDetails(payload: AlertmanagerWebhook): AlertmanagerGroupDetails {
  const { kept, omitted: cut } = keepGroupAlerts(payload.alerts);
  const omitted = addOmitted(cut, payload.omitted ?? NO_OMITTED_ALERTS);
  const members: AlertmanagerMember[] = kept
    .map((alert) => ({
      fingerprint: alert.fingerprint,
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      generatorUrl: alert.generatorURL,
    }))
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  return {
    kind: 'alertmanager',
    receiver: payload.receiver,
    groupKey: payload.groupKey,
    groupLabels: payload.groupLabels,
    commonLabels: payload.commonLabels,
    commonAnnotations: payload.commonAnnotations,
    externalUrl: payload.externalURL,
    members,
    truncatedAlerts: payload.truncatedAlerts,
    ...(omitted.firing + omitted.resolved > 0 ? { omitted } : {}),
  };
}

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  page: 'critical',
  error: 'critical',
  high: 'critical',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
};

/** The `severity` label (common to the group, else the worst of its alerts); warning when there is none. */
export function alertmanagerSeverity(payload: AlertmanagerWebhook): Severity {
  const common = payload.commonLabels.severity?.toLowerCase();
  if (common && SEVERITY_WORDS[common]) return SEVERITY_WORDS[common];
  const order: Severity[] = ['critical', 'warning', 'info'];
  const found = payload.alerts
    .map((alert) => SEVERITY_WORDS[alert.labels.severity?.toLowerCase() ?? ''])
    .filter((severity): severity is Severity => severity !== undefined);
  return order.find((severity) => found.includes(severity)) ?? 'warning';
}

/** `summary` when the group shares one, else the alert name (with the count when there are several). */
export function alertmanagerTitle(payload: AlertmanagerWebhook): string {
  const summary = payload.commonAnnotations.summary;
  if (summary) return summary;
  const name = payload.groupLabels.alertname ?? payload.commonLabels.alertname ?? 'Alertmanager alert';
  const omitted = payload.omitted ?? NO_OMITTED_ALERTS;
  const count = payload.alerts.length + omitted.firing + omitted.resolved;
  return count > 1 ? `${name} (${count} alerts)` : name;
}

/** A `slack_channel` label common to the group routes it (a channel id or #name); else the default channel. */
export function alertmanagerChannel(payload: AlertmanagerWebhook, defaultChannel: string): string {
  const label = payload.commonLabels.slack_channel;
  return label && /^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/.test(label) ? label : defaultChannel;
}

/**
 * Matchers that select the group: its group labels (what Alertmanager grouped by), else the labels all its
 * alerts share. Exact matches only, so a silence never catches more than the group.
 */
export function groupMatchers(details: AlertmanagerAlertDetails): SilenceMatcher[] {
  const labels = Object.keys(details.groupLabels).length > 0 ? details.groupLabels : details.commonLabels;
  return Object.entries(labels)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}
