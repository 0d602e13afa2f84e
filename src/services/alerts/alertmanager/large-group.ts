import { z } from 'zod';
import type { AlertmanagerAlertDetails } from '../alert-record.js';

/**
 * The most alerts of one group an alert stores. Alertmanager sends a group whole however large it is (unless its
 * webhook sets `max_alerts`) and drops a notification refused with a 4xx, so a larger group is accepted, and the
 * alerts beyond this are counted by status instead of stored: the message lists ten anyway.
 */
export const MAX_KEPT_ALERTS = 1000;

const OmittedAlertsSchema = z.object({ firing: z.number().int().min(0), resolved: z.number().int().min(0) });
/** The alerts of a group pipeops received but did not store, by status. */
export type OmittedAlerts = z.infer<typeof OmittedAlertsSchema>;

export const NO_OMITTED_ALERTS: OmittedAlerts = { firing: 0, resolved: 0 };

export function addOmitted(a: OmittedAlerts, b: OmittedAlerts): OmittedAlerts {
  return { firing: a.firing + b.firing, resolved: a.resolved + b.resolved };
}

/** What an Alertmanager alert stores: the group's details, and the count of the alerts not kept among its members. */
export type AlertmanagerGroupDetails = AlertmanagerAlertDetails & { omitted?: OmittedAlerts };

/**
 * The `max` alerts a group keeps, firing ones first (they are what someone has to act on), each status taken in
 * fingerprint order so that the same group keeps the same alerts; and the count of the others.
 */
export function keepGroupAlerts<T extends { status: 'firing' | 'resolved'; fingerprint: string }>(
  alerts: readonly T[],
  max = MAX_KEPT_ALERTS,
): { kept: T[]; omitted: OmittedAlerts } {
  if (alerts.length <= max) return { kept: [...alerts], omitted: NO_OMITTED_ALERTS };
  const byFingerprint = [...alerts].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  const firing = byFingerprint.filter((alert) => alert.status === 'firing');
  const resolved = byFingerprint.filter((alert) => alert.status !== 'firing');
  const kept = [...firing, ...resolved].slice(0, max);
  const keptFiring = Math.min(firing.length, max);
  return {
    kept,
    omitted: { firing: firing.length - keptFiring, resolved: resolved.length - (kept.length - keptFiring) },
  };
}

/** The alerts not kept, as stored with the group (none for a group stored before counting them, or a small one). */
export function omittedAlerts(details: AlertmanagerAlertDetails): OmittedAlerts {
  const parsed = OmittedAlertsSchema.safeParse((details as AlertmanagerGroupDetails).omitted);
  return parsed.success ? parsed.data : NO_OMITTED_ALERTS;
}

/** The group's alerts received, kept or not, by status (those Alertmanager itself left out are not known). */
export function groupAlertCounts(details: AlertmanagerAlertDetails): { firing: number; resolved: number } {
  const omitted = omittedAlerts(details);
  const firing = details.members.filter((member) => member.status === 'firing').length;
  return { firing: firing + omitted.firing, resolved: details.members.length - firing + omitted.resolved };
}

/** The group with every alert resolved, the ones not kept included. */
export function resolvedGroupDetails(details: AlertmanagerAlertDetails): AlertmanagerGroupDetails {
  const omitted = omittedAlerts(details);
  return {
    ...details,
    members: details.members.map((member) => ({ ...member, status: 'resolved' as const })),
    ...(omitted.firing + omitted.resolved > 0
      ? { omitted: { firing: 0, resolved: omitted.firing + omitted.resolved } }
      : {}),
  };
}
