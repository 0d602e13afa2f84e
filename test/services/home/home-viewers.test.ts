import { beforeEach, expect, it } from 'vitest';
import { HomeViewers } from '../../../src/services/home/home-viewers.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../../support/database/index.js';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describeEachBackend('Home tab viewers in the database', (backend) => {
  const db = useTestDatabase(backend);
  let viewers: HomeViewers;

  beforeEach(async () => {
    await truncateAllTables(db());
    viewers = new HomeViewers(db());
  });

  const rows = async () =>
    (await db().query<{ user_id: string }>('SELECT user_id FROM home_viewers ORDER BY user_id')).rows.map(
      (row) => row.user_id,
    );

  it('keeps one row per person, with the newest time they opened the tab', async () => {
    await viewers.remember('UALICE', at(0));
    await viewers.remember('UALICE', at(5));
    expect(await rows()).toEqual(['UALICE']);
    expect(await viewers.recent(at(-60))).toEqual([{ userId: 'UALICE', openedAt: at(5) }]);

    // A late write of an older opening (another replica, a slow request) does not move the time back.
    await viewers.remember('UALICE', at(2));
    expect(await viewers.recent(at(-60))).toEqual([{ userId: 'UALICE', openedAt: at(5) }]);
    expect(await rows()).toEqual(['UALICE']);
  });

  it('returns those who opened it since a time, newest first, at most the limit', async () => {
    await viewers.remember('UOLD', at(-61));
    await viewers.remember('UEDGE', at(-60));
    await viewers.remember('UBOB', at(-10));
    await viewers.remember('UALICE', at(-1));

    const recent = await viewers.recent(at(-60));
    expect(recent.map((viewer) => viewer.userId)).toEqual(['UALICE', 'UBOB', 'UEDGE']);
    expect(recent[0]?.openedAt).toBeInstanceOf(Date);
    expect((await viewers.recent(at(-60), 2)).map((viewer) => viewer.userId)).toEqual(['UALICE', 'UBOB']);
    expect(await viewers.recent(at(1))).toEqual([]);
  });

  it('holds the limit with more viewers than it (the newest win)', async () => {
    for (let i = 0; i < 120; i++) await viewers.remember(`U${String(i).padStart(3, '0')}`, at(-30 + i / 10));
    const recent = await viewers.recent(at(-60));
    expect(recent).toHaveLength(100);
    expect(recent[0]?.userId).toBe('U119');
    expect(recent.at(-1)?.userId).toBe('U020');
  });

  it('forgets viewers who opened it before a time, the oldest first, at most a batch', async () => {
    for (let i = 0; i < 5; i++) await viewers.remember(`UOLD${i}`, at(-120 + i));
    await viewers.remember('UNEW', at(-5));

    expect(await viewers.forget(at(-60), 2)).toBe(2);
    expect(await rows()).toEqual(['UNEW', 'UOLD2', 'UOLD3', 'UOLD4']);
    expect(await viewers.forget(at(-60))).toBe(3);
    expect(await rows()).toEqual(['UNEW']);
    expect(await viewers.forget(at(-60))).toBe(0);
    expect(await viewers.recent(at(-60))).toEqual([{ userId: 'UNEW', openedAt: at(-5) }]);
  });
});
