import { describe, expect, it } from 'vitest';
import { type AlertDecision, type AlertTimeline, nextTimeline } from './alert-transition.js';
import type { ObservationStatus } from './evaluate-condition.js';

const MIN = 60_000;

/** Feeds one observation a minute and records the decisions (and the last timeline). */
function run(statuses: ObservationStatus[], timing = { forMs: 0, resolveAfterMs: 0, reopenWindowMs: 0 }) {
  let timeline: AlertTimeline | undefined;
  const decisions: AlertDecision[] = [];
  statuses.forEach((status, minute) => {
    const next = nextTimeline(timeline, status, timing, minute * MIN);
    timeline = next.timeline;
    decisions.push(next.decision);
  });
  return { decisions, timeline };
}

describe('alert state machine', () => {
  it('fires on the first breach without a for-duration, resolves on the first clear without a hold', () => {
    expect(run(['clear', 'breach', 'breach', 'clear']).decisions).toEqual(['none', 'fire', 'none', 'resolve']);
  });

  it('for-duration: fires only once the breach has held that long; an earlier clear cancels', () => {
    const timing = { forMs: 3 * MIN, resolveAfterMs: 0, reopenWindowMs: 0 };
    expect(run(['breach', 'breach', 'breach', 'breach', 'breach'], timing).decisions).toEqual([
      'pending',
      'none',
      'none',
      'fire',
      'none',
    ]);
    expect(run(['breach', 'breach', 'clear', 'breach', 'breach'], timing).decisions).toEqual([
      'pending',
      'none',
      'cancel',
      'pending',
      'none',
    ]);
    // Missing data keeps waiting: it neither confirms nor cancels.
    const { decisions, timeline } = run(['breach', 'nodata', 'nodata', 'breach'], timing);
    expect(decisions).toEqual(['pending', 'none', 'none', 'fire']);
    expect(timeline).toMatchObject({ phase: 'firing', incident: 1, firedAt: 3 * MIN });
  });

  it('flapping: a condition flipping every minute fires once and never resolves inside the resolve hold', () => {
    const timing = { forMs: 0, resolveAfterMs: 5 * MIN, reopenWindowMs: 60 * MIN };
    const flapping: ObservationStatus[] = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'breach' : 'clear'));
    const { decisions, timeline } = run(flapping, timing);
    expect(decisions.filter((d) => d !== 'none')).toEqual(['fire']);
    expect(timeline?.phase).toBe('firing');
  });

  it('resolve hold: resolves after the condition has been clear for resolveAfter; missing data does not count', () => {
    const timing = { forMs: 0, resolveAfterMs: 3 * MIN, reopenWindowMs: 0 };
    const { decisions, timeline } = run(['breach', 'clear', 'nodata', 'clear', 'clear', 'clear'], timing);
    expect(decisions).toEqual(['fire', 'none', 'none', 'none', 'resolve', 'none']);
    expect(timeline).toMatchObject({ phase: 'resolved', resolvedAt: 4 * MIN, clearSince: null });
  });

  it('reopen window: firing again soon after resolving reopens the same incident; later it is a new one', () => {
    const timing = { forMs: 0, resolveAfterMs: 0, reopenWindowMs: 10 * MIN };
    const soon = run(['breach', 'clear', 'breach', 'clear', 'breach'], timing);
    expect(soon.decisions).toEqual(['fire', 'resolve', 'reopen', 'resolve', 'reopen']);
    expect(soon.timeline).toMatchObject({ phase: 'firing', incident: 1, reopenCount: 2, firedAt: 0 });

    const later = run(['breach', 'clear', ...Array<ObservationStatus>(10).fill('clear'), 'breach'], timing);
    expect(later.decisions.filter((d) => d !== 'none')).toEqual(['fire', 'resolve', 'fire']);
    expect(later.timeline).toMatchObject({ phase: 'firing', incident: 2, reopenCount: 0, firedAt: 12 * MIN });
  });

  it('a pending breach after a resolve keeps the incident reopenable, and falls back to resolved if it clears', () => {
    const timing = { forMs: 2 * MIN, resolveAfterMs: 0, reopenWindowMs: 30 * MIN };
    const cleared = run(['breach', 'breach', 'breach', 'clear', 'breach', 'clear'], timing);
    expect(cleared.decisions).toEqual(['pending', 'none', 'fire', 'resolve', 'pending', 'cancel']);
    expect(cleared.timeline).toMatchObject({ phase: 'resolved', incident: 1, resolvedAt: 3 * MIN });
    const reopened = run(['breach', 'breach', 'breach', 'clear', 'breach', 'breach', 'breach'], timing);
    expect(reopened.decisions.at(-1)).toBe('reopen');
  });
});
