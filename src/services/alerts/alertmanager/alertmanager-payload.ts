import { z } from 'zod';
import { NO_OMITTED_ALERTS, type OmittedAlerts } from './large-group.js';

/**
 * Alertmanager's webhook notification, version 4 (the format of 0.25 as captured in shared/reference/alerting.md):
 * one POST per group notification, the group identified by `groupKey`, each alert by its `fingerprint`.
 * Timestamps are RFC 3339 with up to nanoseconds; a firing alert's `endsAt` is `0001-01-01T00:00:00Z`.
 */
const Timestamp = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected an RFC 3339 timestamp');
const Labels = z.record(z.string(), z.string());
const Status = z.enum(['firing', 'resolved']);

export const AlertmanagerAlertSchema = z.looseObject({
  status: Status,
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: Timestamp,
  endsAt: Timestamp,
  generatorURL: z.string().default(''),
  fingerprint: z.string().min(1).max(64),
});

export const AlertmanagerWebhookSchema = z.looseObject({
  version: z.literal('4', { error: 'only version "4" notifications are understood' }),
  groupKey: z.string().min(1).max(2000),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: Status,
  receiver: z.string().min(1).max(500),
  groupLabels: Labels,
  commonLabels: Labels,
  commonAnnotations: Labels.default({}),
  externalURL: z.string().default(''),
  // No maximum: Alertmanager does not bound a group, and a refused one is lost (see MAX_KEPT_ALERTS).
  alerts: z.array(AlertmanagerAlertSchema).min(1),
});
export type AlertmanagerWebhook = z.output<typeof AlertmanagerWebhookSchema> & {
  /** pipeops' own, never Alertmanager's: the alerts of the group that were read but not kept in `alerts`. */
  omitted?: OmittedAlerts;
};

/**
 * Validates a decoded body; the problems are short, located and safe to send back in a 400. `omitted` counts the
 * alerts the reader left out of the body (it replaces whatever the sender put under that name).
 */
export function parseAlertmanagerWebhook(
  body: unknown,
  omitted: OmittedAlerts = NO_OMITTED_ALERTS,
): { ok: true; payload: AlertmanagerWebhook } | { ok: false; problems: string[] } {
  const parsed = AlertmanagerWebhookSchema.safeParse(body);
  if (parsed.success) return { ok: true, payload: { ...parsed.data, omitted } };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`),
  };
}
