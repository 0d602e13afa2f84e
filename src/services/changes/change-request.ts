import type { JsonValue } from '../json-value.js';
import type { ChangePreview, ResourceRef } from './change-kind.js';
import type { JsonChange } from './json-changes.js';

/**
 * pending → approved → applying → applied | failed | unknown; unknown → applied | failed (reconciled by reading the
 * pipeline); approved → stale (the resource changed since the plan, or another request changed it first);
 * pending → rejected | cancelled | expired | stale (superseded: another request on the resource was applied).
 * Every move is one conditional UPDATE.
 */
export const changeStatuses = [
  'pending',
  'approved',
  'applying',
  'unknown',
  'applied',
  'failed',
  'stale',
  'rejected',
  'cancelled',
  'expired',
] as const;
export type ChangeStatus = (typeof changeStatuses)[number];

export const finalStatuses: readonly ChangeStatus[] = [
  'applied',
  'failed',
  'stale',
  'rejected',
  'cancelled',
  'expired',
];

/** Statuses whose apply is in flight or undecided: a process owns them under a lease. */
export const inFlightStatuses: readonly ChangeStatus[] = ['approved', 'applying', 'unknown'];

/** Where the request's card was posted, so that it can be updated when the request moves on. */
export interface MessageRef {
  channelId: string;
  ts: string;
}

/** What the card lists under "What changes": computed once at proposal (the first few changes and the count). */
export interface ChangesSummary {
  shown: JsonChange[];
  total: number;
}

export interface Approval {
  userId: string;
  at: Date;
}

export interface ChangeRequest {
  id: number;
  kind: string;
  params: JsonValue;
  resource: ResourceRef;
  title: string;
  /** Snapshots (credentials masked) of the resource when planned, and as the plan would leave it; null = absent. */
  before: JsonValue;
  after: JsonValue;
  /** Unified diff of before → after. */
  diff: string;
  changes: ChangesSummary;
  /** The kind's extra dry-run evidence (ChangeKind.preview), when it has one. */
  preview: ChangePreview | null;
  status: ChangeStatus;
  /** Destructive kinds (deletes) say so on the card and need more approvals. */
  destructive: boolean;
  /** Distinct approvers (other than the requester) needed before it is applied. */
  approvalsRequired: number;
  /** Who approved so far, in order. */
  approvals: Approval[];
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  /** Who made the deciding move (the last approver, rejecter, canceller; 'system' for expiry), and when. */
  decidedBy: string | null;
  decidedAt: Date | null;
  finishedAt: Date | null;
  /** Why it failed, went stale or is unknown. */
  error: string | null;
  message: MessageRef | null;
  replannedFrom: number | null;
  /** Stale because this other request was applied to the resource first. */
  supersededBy: number | null;
  /** The request whose apply changed the resource since this plan (when known). */
  changedBy: number | null;
  /** Other requests pending on the same resource (filled in when read through ChangeService). */
  alsoPending: number[];
  updatedAt: Date;
}
