import type { JsonValue } from '../json-value.js';
import type { ChangePreview, ResourceRef } from './change-kind.js';

/**
 * pending → approved → applying → applied | failed; approved → stale (the resource changed since the plan);
 * pending → rejected | cancelled | expired. Every move is one conditional UPDATE.
 */
export const changeStatuses = [
  'pending',
  'approved',
  'applying',
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

/** Where the request's card was posted, so that it can be updated when the request moves on. */
export interface MessageRef {
  channelId: string;
  ts: string;
}

export interface ChangeRequest {
  id: number;
  kind: string;
  params: JsonValue;
  resource: ResourceRef;
  title: string;
  /** Snapshots (credentials masked) of the resource when planned, and as the plan would leave it. */
  before: JsonValue;
  after: JsonValue;
  /** Unified diff of before → after. */
  diff: string;
  /** The kind's extra dry-run evidence (ChangeKind.preview), when it has one. */
  preview: ChangePreview | null;
  status: ChangeStatus;
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  /** Who approved, rejected or cancelled it ('system' for expiry), and when. */
  decidedBy: string | null;
  decidedAt: Date | null;
  finishedAt: Date | null;
  /** Why it failed or went stale. */
  error: string | null;
  message: MessageRef | null;
  replannedFrom: number | null;
  updatedAt: Date;
}
