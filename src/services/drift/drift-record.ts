import type { ResourceRef } from '../changes/change-kind.js';
import type { DriftState } from './drift-state.js';

/** Where a drift's Slack message is. */
export interface DriftMessageRef {
  channelId: string;
  ts: string;
}

/**
 * One managed resource: the state pipeops last applied, read or accepted, and, while the pipeline shows another
 * state that no pipeops request explains, that drift (its incident, when first and last seen, the diff).
 */
export interface DriftRecord {
  id: number;
  resource: ResourceRef;
  known: DriftState;
  knownAt: Date;
  /** `read` (first seen by pipeops), `#12` (applied by a request), or the user who accepted a drift. */
  knownBy: string;
  /** Null while the pipeline shows the known state. */
  drifted: DriftState | null;
  diff: string | null;
  /** Counts drifts of this resource; a button carries the incident it was shown for. */
  incident: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  /** How the last drift ended: accepted (by a user) or restored (the known state is back, e.g. after a Revert). */
  closedHow: 'accepted' | 'restored' | null;
  closedBy: string | null;
  /** Counts changes of what the message shows; the message is in sync when syncedRevision = revision. */
  revision: number;
  syncedRevision: number;
  message: DriftMessageRef | null;
  version: number;
  updatedAt: Date;
}
