import type { Clock } from '../../src/services/clock.js';

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start = Date.parse('2026-11-23T10:00:00Z')) {
    this.#now = start;
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}
