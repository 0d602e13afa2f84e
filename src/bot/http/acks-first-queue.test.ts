import { describe, expect, it } from 'vitest';
import { AcksFirstQueue } from './acks-first-queue.js';

const turn = () => new Promise((done) => setImmediate(done));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('AcksFirstQueue', () => {
  it('starts queued work only once no request is being received, in arrival order', async () => {
    const queue = new AcksFirstQueue({ maxWaitMs: 10_000 });
    const started: number[] = [];
    const first = queue.receiving();
    const second = queue.receiving();
    queue.push(() => started.push(1));
    queue.push(() => started.push(2));
    for (let i = 0; i < 5; i++) await turn();
    expect(started).toEqual([]);
    first();
    first(); // idempotent: the second request is still being received
    for (let i = 0; i < 5; i++) await turn();
    expect(started).toEqual([]);
    second();
    await queue.whenEmpty();
    expect(started).toEqual([1, 2]);
  });

  it('starts work that waited maxWaitMs even while requests keep arriving', async () => {
    const queue = new AcksFirstQueue({ maxWaitMs: 20 });
    const started: string[] = [];
    queue.receiving(); // never received: a stream that does not stop
    queue.push(() => started.push('job'));
    await turn();
    expect(started).toEqual([]);
    await sleep(60);
    expect(started).toEqual(['job']);
  });

  it('waits quietMs after the last arrival (a connection accepted, a request) before starting work', async () => {
    const queue = new AcksFirstQueue({ maxWaitMs: 10_000, quietMs: 40 });
    const started: string[] = [];
    queue.arrived();
    queue.push(() => started.push('job'));
    // No request is being received, but connections came a moment ago: more are likely on their way.
    for (let i = 0; i < 5; i++) await turn();
    expect(started).toEqual([]);
    await sleep(20);
    queue.arrived(); // another one: the quiet period starts again
    await sleep(25);
    expect(started).toEqual([]);
    await sleep(50);
    expect(started).toEqual(['job']);
  });

  it('starts work that waited maxWaitMs even while connections keep arriving', async () => {
    const queue = new AcksFirstQueue({ maxWaitMs: 30, quietMs: 20 });
    const started: string[] = [];
    queue.arrived();
    queue.push(() => started.push('job'));
    const arrivals = setInterval(() => queue.arrived(), 5);
    try {
      await sleep(10);
      expect(started).toEqual([]);
      await sleep(80);
      expect(started).toEqual(['job']);
    } finally {
      clearInterval(arrivals);
    }
  });

  it('starts at most perTurn jobs per turn of the event loop', async () => {
    const queue = new AcksFirstQueue({ perTurn: 2 });
    const started: number[] = [];
    for (let n = 1; n <= 5; n++) queue.push(() => started.push(n));
    const seen: number[] = [];
    // Sample how many had started at each turn until all have.
    while (started.length < 5) {
      await turn();
      seen.push(started.length);
    }
    const steps = seen.map((count, i) => count - (seen[i - 1] ?? 0));
    expect(Math.max(...steps)).toBeLessThanOrEqual(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('whenEmpty resolves at once when nothing is queued', async () => {
    await expect(new AcksFirstQueue().whenEmpty()).resolves.toBeUndefined();
  });
});
