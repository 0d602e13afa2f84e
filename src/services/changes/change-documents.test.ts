import { beforeEach, expect, it } from 'vitest';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../../../test/support/database/index.js';
import type { JsonValue } from '../json-value.js';
import { ChangeDocumentCache } from './change-documents.js';
import type { ChangeRequest } from './change-request.js';
import { insertChangeRequest } from './change-store.js';

describeEachBackend('the change document cache', (backend) => {
  const db = useTestDatabase(backend);
  beforeEach(async () => {
    await truncateAllTables(db());
  });

  let inputs = 0;
  /** Stores a pending request whose snapshots are `size` values each. */
  async function propose(cache: ChangeDocumentCache, size: number): Promise<ChangeRequest> {
    const n = ++inputs;
    const snapshot = (paused: boolean): JsonValue => ({ name: `input_${n}`, paused, list: Array(size).fill(n) });
    const at = new Date('2026-12-03T10:00:00Z');
    const request = await insertChangeRequest(
      db(),
      {
        kind: 'input.pause',
        params: { input: `input_${n}` },
        resource: { type: 'input', id: `i${n}`, label: `input_${n}` },
        title: `Pause input input_${n}`,
        before: snapshot(false),
        after: snapshot(true),
        diff: '-  "paused": false,\n+  "paused": true,',
        changes: { shown: [], total: 1 },
        preview: null,
        destructive: false,
        approvalsRequired: 1,
        requestedBy: 'UALICE',
        requestedAt: at,
        expiresAt: new Date(at.getTime() + 3_600_000),
        replannedFrom: null,
        paramsHash: `h${n}`,
      },
      cache,
    );
    if (!request) throw new Error('not stored');
    return request;
  }

  /** Whether a read hands out the very documents the proposal stored (kept) rather than a copy parsed again. */
  async function kept(cache: ChangeDocumentCache, request: ChangeRequest): Promise<boolean> {
    const documents = (await cache.read(db(), [request.id])).get(request.id);
    expect(documents?.after).toEqual(request.after);
    return documents?.after === request.after;
  }

  it('keeps the documents of hundreds of small requests (a burst of pauses approved after all were proposed)', async () => {
    const cache = new ChangeDocumentCache();
    const requests = [];
    for (let i = 0; i < 300; i++) requests.push(await propose(cache, 2));
    for (const request of requests) expect(await kept(cache, request)).toBe(true);
    expect(Object.isFrozen(requests[0]?.after)).toBe(true);
  });

  it('lets the oldest go when what it holds weighs more than its limit, and reads them again from the database', async () => {
    const cache = new ChangeDocumentCache({ weightLimit: 250 });
    const first = await propose(cache, 50);
    const second = await propose(cache, 50);
    expect(await kept(cache, first)).toBe(true);
    // Each request weighs 111 (its documents, its snapshots, their values): the third is over the limit.
    const third = await propose(cache, 50);
    expect(await kept(cache, second)).toBe(true);
    expect(await kept(cache, third)).toBe(true);
    expect(await kept(cache, first)).toBe(false);
    // Read again, the first is kept anew, and the least recently stored one gives way.
    const again = (await cache.read(db(), [first.id])).get(first.id);
    expect((await cache.read(db(), [first.id])).get(first.id)).toBe(again);
    expect(await kept(cache, second)).toBe(false);
  });

  it('hands out, frozen, a request heavier than the whole cache without keeping it', async () => {
    const cache = new ChangeDocumentCache({ weightLimit: 50 });
    const heavy = await propose(cache, 100);
    expect(Object.isFrozen(heavy.after)).toBe(true);
    expect(await kept(cache, heavy)).toBe(false);
  });
});
