/**
 * The most alerts of one group an alert keeps (AlertmanagerWebhookSchema's `alerts` maximum). The Slack message
 * shows ten of them and counts the rest; keeping more would only grow the stored row.
 */
export const MAX_GROUP_MEMBERS = 1000;

/**
 * Alertmanager sends a group whole, however large (unless its `max_alerts` is set), and does not retry a 4xx: a
 * group over the limit refused with 400 would be lost. So a large group is cut to MAX_GROUP_MEMBERS alerts, the
 * firing ones first, and the rest is counted in `truncatedAlerts` as Alertmanager's own truncation is. Runs on
 * the decoded body before validation; anything that is not such a group is returned as it is.
 */
export function summariseLargeGroup(body: unknown): unknown {
  if (!isRecord(body) || !Array.isArray(body.alerts) || body.alerts.length <= MAX_GROUP_MEMBERS) return body;
  const alerts: unknown[] = body.alerts;
  const firing = alerts.filter((alert) => isRecord(alert) && alert.status === 'firing');
  const others = alerts.filter((alert) => !(isRecord(alert) && alert.status === 'firing'));
  const kept = [...firing, ...others].slice(0, MAX_GROUP_MEMBERS);
  const alreadyTruncated =
    typeof body.truncatedAlerts === 'number' && Number.isInteger(body.truncatedAlerts) && body.truncatedAlerts > 0
      ? body.truncatedAlerts
      : 0;
  return { ...body, alerts: kept, truncatedAlerts: alreadyTruncated + (alerts.length - kept.length) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
