import { describe, expect, it } from 'vitest';
import { nextTurn, turnGate } from './next-turn.js';

describe('nextTurn', () => {
  it('releases waiters in order, one per turn of the event loop, with other work running in between', async () => {
    const order: string[] = [];
    const waiters = [1, 2, 3].map(async (n) => {
      await nextTurn();
      order.push(`waiter ${n}`);
      // Work queued now runs before the next waiter is released.
      setImmediate(() => order.push(`after ${n}`));
    });
    await Promise.all(waiters);
    await new Promise((done) => setImmediate(done));
    expect(order).toEqual(['waiter 1', 'after 1', 'waiter 2', 'after 2', 'waiter 3', 'after 3']);
  });
});

describe('turnGate', () => {
  it('releases at most perTurn waiters per turn, in order', async () => {
    const gate = turnGate(2);
    const order: string[] = [];
    const waiters = [1, 2, 3, 4, 5].map(async (n) => {
      await gate();
      order.push(`waiter ${n}`);
      if (n % 2 === 0 || n === 5) setImmediate(() => order.push(`turn after ${n}`));
    });
    await Promise.all(waiters);
    await new Promise((done) => setImmediate(done));
    expect(order).toEqual([
      'waiter 1',
      'waiter 2',
      'turn after 2',
      'waiter 3',
      'waiter 4',
      'turn after 4',
      'waiter 5',
      'turn after 5',
    ]);
  });
});
