import { describe, expect, it } from 'vitest';
import { batchedRead } from './batched-read.js';

/** A list read whose answers are released by hand; counts the requests and what each returned. */
function controlledRead() {
  const pending: ((value: number[]) => void)[] = [];
  let version = 0;
  const read = batchedRead(
    () =>
      new Promise<number[]>((answer) => {
        const at = version;
        pending.push(() => answer([at]));
      }),
  );
  return {
    read,
    requests: () => pending.length,
    /** Answers the oldest open request with the state of when it was sent. */
    answerNext: () => pending.shift()?.([]),
    write: () => {
      version += 1;
    },
  };
}

const turn = () => new Promise((done) => setImmediate(done));

describe('batchedRead', () => {
  it('sends one request for the callers of one turn, and gives each the same frozen answer', async () => {
    const list = controlledRead();
    const answers = Promise.all([list.read(), list.read(), list.read()]);
    await turn();
    expect(list.requests()).toBe(1);
    list.answerNext();
    const [a, b, c] = await answers;
    expect(a).toEqual([0]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('lets callers that arrive while a request is in flight share one later request, sent after it answered', async () => {
    const list = controlledRead();
    const first = list.read();
    await turn();
    expect(list.requests()).toBe(1);
    // A write lands, then callers in three different turns while the first request is still open.
    list.write();
    const later: Promise<number[]>[] = [];
    for (let i = 0; i < 3; i++) {
      later.push(list.read());
      await turn();
    }
    expect(list.requests()).toBe(1);
    list.answerNext();
    expect(await first).toEqual([0]);
    await turn();
    await turn();
    expect(list.requests()).toBe(1);
    list.answerNext();
    // They all see the write: their request began after their call did.
    for (const answer of await Promise.all(later)) expect(answer).toEqual([1]);
  });

  it('sends the next request after a failed one, and tells only the callers of the failed one', async () => {
    let calls = 0;
    const read = batchedRead(async () => {
      calls += 1;
      if (calls === 1) throw new Error('pipeline down');
      return ['ok'];
    });
    const failed = read();
    const after = read();
    await expect(failed).rejects.toThrow('pipeline down');
    await expect(after).rejects.toThrow('pipeline down');
    await expect(read()).resolves.toEqual(['ok']);
    expect(calls).toBe(2);
  });
});
