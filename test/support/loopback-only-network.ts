import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';

/**
 * For the enclosing suite, every outbound connection but loopback (the bot's own receiver, the sandbox
 * pipeline, a local Alertmanager) is refused, so a call nobody intercepted with nock fails loudly.
 */
export function useLoopbackOnlyNetwork(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}
