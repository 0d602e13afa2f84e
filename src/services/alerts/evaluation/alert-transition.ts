import type { ObservationStatus } from './evaluate-condition.js';

/**
 * inactive: never fired (or a pending breach went away before firing); pending: breaching, waiting for `for`;
 * firing: notified; resolved: was firing, then clear for `resolveAfter`.
 */
export const ALERT_PHASES = ['inactive', 'pending', 'firing', 'resolved'] as const;
export type AlertPhase = (typeof ALERT_PHASES)[number];

/** The part of an alert's state the state machine reads and writes. Times are epoch milliseconds. */
export interface AlertTimeline {
  phase: AlertPhase;
  /** 0 before the first firing; +1 at every new incident (a reopen stays in the same incident). */
  incident: number;
  pendingSince: number | null;
  firedAt: number | null;
  clearSince: number | null;
  resolvedAt: number | null;
  reopenCount: number;
}

export interface AlertTiming {
  forMs: number;
  resolveAfterMs: number;
  reopenWindowMs: number;
}

/**
 * What the change means for the people watching: fire (new incident: post a message), reopen (firing again
 * soon after resolving: update the same message and say so in its thread), resolve (update it and reply),
 * pending/cancel (nothing to say yet), none.
 */
export type AlertDecision = 'none' | 'pending' | 'cancel' | 'fire' | 'reopen' | 'resolve';

export const INACTIVE_TIMELINE: AlertTimeline = Object.freeze({
  phase: 'inactive',
  incident: 0,
  pendingSince: null,
  firedAt: null,
  clearSince: null,
  resolvedAt: null,
  reopenCount: 0,
});

/**
 * The alert state machine, with its flap damping:
 * 1. `for`: a breach must persist for `forMs` (pending) before the alert fires.
 * 2. resolve hold: a firing alert resolves only after the condition has been clear for `resolveAfterMs`;
 *    a breach in between cancels the hold silently. Missing data neither resolves nor fires anything.
 * 3. reopen window: firing again within `reopenWindowMs` after resolving reopens the same incident (same
 *    message, a thread reply, a reopen count) instead of posting a new message.
 */
export function nextTimeline(
  previous: AlertTimeline | undefined,
  status: ObservationStatus,
  timing: AlertTiming,
  now: number,
): { timeline: AlertTimeline; decision: AlertDecision } {
  const current = previous ?? INACTIVE_TIMELINE;
  const same = { timeline: current, decision: 'none' as const };
  switch (current.phase) {
    case 'inactive':
    case 'resolved':
      if (status !== 'breach') return same;
      if (timing.forMs > 0)
        return { timeline: { ...current, phase: 'pending', pendingSince: now }, decision: 'pending' };
      return fire(current, timing, now);
    case 'pending':
      if (status === 'breach') {
        const since = current.pendingSince ?? now;
        return now - since >= timing.forMs ? fire(current, timing, now) : same;
      }
      if (status === 'clear') {
        return {
          timeline: { ...current, phase: current.resolvedAt !== null ? 'resolved' : 'inactive', pendingSince: null },
          decision: 'cancel',
        };
      }
      return same;
    case 'firing':
      if (status === 'breach') {
        return current.clearSince === null ? same : { timeline: { ...current, clearSince: null }, decision: 'none' };
      }
      if (status === 'clear') {
        const clearSince = current.clearSince ?? now;
        if (now - clearSince >= timing.resolveAfterMs) {
          return {
            timeline: { ...current, phase: 'resolved', clearSince: null, resolvedAt: now, pendingSince: null },
            decision: 'resolve',
          };
        }
        return clearSince === current.clearSince ? same : { timeline: { ...current, clearSince }, decision: 'none' };
      }
      return same;
  }
}

function fire(
  current: AlertTimeline,
  timing: AlertTiming,
  now: number,
): { timeline: AlertTimeline; decision: AlertDecision } {
  const reopen =
    current.incident > 0 && current.resolvedAt !== null && now - current.resolvedAt < timing.reopenWindowMs;
  if (reopen) {
    return {
      timeline: {
        ...current,
        phase: 'firing',
        pendingSince: null,
        clearSince: null,
        resolvedAt: null,
        reopenCount: current.reopenCount + 1,
      },
      decision: 'reopen',
    };
  }
  return {
    timeline: {
      phase: 'firing',
      incident: current.incident + 1,
      pendingSince: null,
      firedAt: now,
      clearSince: null,
      resolvedAt: null,
      reopenCount: 0,
    },
    decision: 'fire',
  };
}

/** Resolving from outside the metrics (the rule was removed, Alertmanager said so). */
export function resolveTimeline(current: AlertTimeline, now: number): AlertTimeline {
  return { ...current, phase: 'resolved', clearSince: null, pendingSince: null, resolvedAt: now };
}

export function sameTimeline(a: AlertTimeline, b: AlertTimeline): boolean {
  return (
    a.phase === b.phase &&
    a.incident === b.incident &&
    a.pendingSince === b.pendingSince &&
    a.firedAt === b.firedAt &&
    a.clearSince === b.clearSince &&
    a.resolvedAt === b.resolvedAt &&
    a.reopenCount === b.reopenCount
  );
}
