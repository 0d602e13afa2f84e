import { createHash } from 'node:crypto';

/**
 * Remembers which requests from Slack were taken, so that a Slack retry or a replayed signed request is processed
 * once. `claim` is atomic: of several deliveries of one key (on any replica, with the database ledger) exactly one
 * gets `true`.
 */
export interface DeliveryLedger {
  claim(key: string, at: Date): Promise<boolean>;
}

/**
 * Long enough to outlast Slack's retries (immediately, ~1 min, ~5 min) and the ±5 min a signature is valid for,
 * after which a duplicate cannot arrive.
 */
export const DELIVERY_RETENTION_MS = 60 * 60_000;

/**
 * The identity of a delivery: Slack's `event_id` for the Events API (a retry carries the same one, under a new
 * timestamp and signature), else the SHA-256 of the raw body. Commands and interactions carry a fresh `trigger_id`
 * and `response_url` each time, so equal bodies mean the same request sent again.
 */
export function deliveryKey(body: Record<string, unknown>, rawBody: Buffer): string {
  if (body.type === 'event_callback' && typeof body.event_id === 'string' && body.event_id.length <= 200) {
    return `event:${body.event_id}`;
  }
  return `body:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/** For an HTTP app without a database (tests, tools): one process's memory, pruned as it goes. */
export function createMemoryDeliveryLedger(retentionMs = DELIVERY_RETENTION_MS): DeliveryLedger {
  const seen = new Map<string, number>();
  return {
    async claim(key, at) {
      const now = at.getTime();
      // Insertion order is time order: drop from the front until the first key still retained.
      for (const [old, seenAt] of seen) {
        if (seenAt >= now - retentionMs) break;
        seen.delete(old);
      }
      if (seen.has(key)) return false;
      seen.set(key, now);
      return true;
    },
  };
}
