import type { Logger } from 'pino';
import { settleChangeCard } from '../handlers/change-card.js';
import type { SlackClient } from '../handlers/handler-deps.js';
import type { ExpiredHistory } from '../services/audit/history-retention.js';
import type { ChangeService } from '../services/changes/change-service.js';
import { homeRefreshHook } from './home-refresh-hook.js';

export interface ChangeHousekeepingOptions {
  changes: ChangeService;
  /** Expires audit and alert history past its retention, one bounded batch per run (AuditService). */
  history?: { expire(): Promise<ExpiredHistory | null> };
  client: SlackClient;
  logger: Logger;
  intervalMs?: number;
  /**
   * Told after a run that expired or settled any request, since Home tabs list pending requests (main.ts refreshes
   * the recent viewers' tabs). Must not throw; an exception is logged and the run goes on.
   */
  onHomeMayChange?: () => void;
}

/**
 * Periodic upkeep of change requests: expire the ones past their deadline, settle applies that a stopped process left
 * behind (this process's own at once, other replicas' once their lease ran out) and re-check unknown outcomes,
 * redrawing their cards; and expire history past its retention. Returns a stop function.
 */
export function startChangeHousekeeping(options: ChangeHousekeepingOptions): {
  stop(): void;
  runOnce(): Promise<void>;
} {
  const { changes, client, logger } = options;
  let busy = false;
  const homeMayChange = homeRefreshHook(options.onHomeMayChange, logger);
  const runOnce = async () => {
    let settled = 0;
    try {
      const expired = await changes.expireDue();
      settled += expired.length;
      const recovered = await changes.settleInFlight();
      settled += recovered.length;
      for (const request of [...expired, ...recovered]) {
        logger.info({ changeId: request.id, status: request.status }, 'change request settled by housekeeping');
        await settleChangeCard(client, request, logger);
      }
    } catch (error) {
      logger.error({ err: error }, 'change housekeeping failed; will retry');
    }
    // Also when a card could not be redrawn: the requests did change, and the Home tabs list them.
    if (settled > 0) homeMayChange();
    try {
      const expiredHistory = await options.history?.expire();
      if (expiredHistory && expiredHistory.auditEntries + expiredHistory.alertReplies > 0) {
        logger.info(expiredHistory, 'audit and alert history past its retention deleted');
      }
    } catch (error) {
      logger.error({ err: error }, 'history expiry failed; will retry');
    }
  };
  // A slow pipeline must not stack runs on top of each other.
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await runOnce();
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 30_000);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    runOnce,
  };
}
