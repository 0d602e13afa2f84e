import type { AccessPolicy } from '../access/access-policy.js';
import type { AlertRecord } from '../alerts/alert-record.js';
import type { AlertService } from '../alerts/alert-service.js';
import type { AuditEntry, AuditQuery } from '../audit/audit-log.js';
import type { ChangeRequest } from '../changes/change-request.js';
import type { ChangeService } from '../changes/change-service.js';

/** What one person's Home tab shows. */
export interface HomeOverview {
  userId: string;
  /** Pending requests this person may approve: someone else's, not yet approved by them. */
  awaitingYou: ChangeRequest[];
  /** This person's own pending requests. */
  yours: ChangeRequest[];
  firing: AlertRecord[];
  /** The newest `applied` audit entries. */
  recentlyApplied: AuditEntry[];
}

export interface HomeSources {
  changes: Pick<ChangeService, 'listPending'>;
  policy: Pick<AccessPolicy, 'canApprove'>;
  alerts: Pick<AlertService, 'listFiring'>;
  audit: { list(query: AuditQuery): Promise<AuditEntry[]> };
}

/** Bounds, so that a Home tab costs a few small queries whatever the history. */
export const HOME_LIMITS = {
  pendingScanned: 50,
  perSection: 10,
  alerts: 10,
  recentApplied: 5,
  /** Recent applies are looked for among this many newest audit entries. */
  auditScanned: 200,
} as const;

export async function readHomeOverview(sources: HomeSources, userId: string): Promise<HomeOverview> {
  const [pending, mayApprove, firing, audit] = await Promise.all([
    sources.changes.listPending(HOME_LIMITS.pendingScanned),
    sources.policy.canApprove(userId),
    sources.alerts.listFiring(HOME_LIMITS.alerts),
    sources.audit.list({ limit: HOME_LIMITS.auditScanned }),
  ]);
  // Requests past their expiry stay listed until housekeeping expires them: an Approve then says it expired.
  const awaitingYou = mayApprove
    ? pending.filter(
        (request) =>
          request.requestedBy !== userId && !request.approvals.some((approval) => approval.userId === userId),
      )
    : [];
  return {
    userId,
    awaitingYou: awaitingYou.slice(0, HOME_LIMITS.perSection),
    yours: pending.filter((request) => request.requestedBy === userId).slice(0, HOME_LIMITS.perSection),
    firing,
    recentlyApplied: audit.filter((entry) => entry.action === 'applied').slice(0, HOME_LIMITS.recentApplied),
  };
}
