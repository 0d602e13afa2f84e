import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../services/services.js';
import type { SlackClient } from '../handler-deps.js';
import { HomeTabs } from './home-tabs.js';

describe('HomeTabs.refreshSoon', () => {
  it('folds a burst of refresh requests into a few rounds, the last one after the burst', async () => {
    const reads: number[] = [];
    const services = {
      homeViewers: {
        recent: async () => {
          reads.push(performance.now());
          return [];
        },
        forget: async () => 0,
      },
    } as unknown as Services;
    const tabs = new HomeTabs({ services, logger: pino({ level: 'silent' }), command: '/pipeline' });
    const client = {} as SlackClient;
    // 200 interactions over ~300 ms, as a burst of commands asks for them.
    const burstStart = performance.now();
    for (let i = 0; i < 200; i++) {
      tabs.refreshSoon(client);
      if (i % 20 === 0) await new Promise((done) => setTimeout(done, 30));
    }
    const burstEnd = performance.now();
    await tabs.settled();
    // One round at once, then at most one per 250 ms; and one that started after the last request.
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil((burstEnd - burstStart) / 250) + 2);
    expect(reads.at(-1)).toBeGreaterThanOrEqual(burstEnd);
    for (let i = 1; i < reads.length; i++) {
      expect((reads[i] as number) - (reads[i - 1] as number)).toBeGreaterThanOrEqual(245);
    }
  });
});
