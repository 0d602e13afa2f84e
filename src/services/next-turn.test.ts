import { describe, expect, it } from 'vitest';
import { nextTurn } from './next-turn.js';

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
