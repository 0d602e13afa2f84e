import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/support/capture-logs.js';
import { scrubCredentials } from './logger.js';

describe('logger', () => {
  it('redacts credential fields wherever they sit', () => {
    const { logger, text } = captureLogs();
    logger.info(
      { token: 'xoxb-111', config: { apiKey: 'k-222', password: 'p-333' }, headers: { authorization: 'API k-444' } },
      'startup',
    );
    const out = text();
    for (const secret of ['xoxb-111', 'k-222', 'p-333', 'k-444']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(JSON.parse(out).msg).toBe('startup');
  });

  it('logs errors without the request config (axios errors carry the authorization header)', () => {
    const { logger, text } = captureLogs();
    const error = Object.assign(new Error('Request failed with status code 500'), {
      config: { headers: { authorization: 'API secret-key-555' } },
      code: 'ERR_BAD_RESPONSE',
    });
    logger.error({ err: error }, 'pipeline call failed');
    const line = JSON.parse(text());
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'Request failed with status code 500',
      code: 'ERR_BAD_RESPONSE',
    });
    expect(text()).not.toContain('secret-key-555');
  });

  it('scrubs tokens that leak into free text', () => {
    expect(scrubCredentials('bad token xoxb-123-456-abc and xapp-1-A-2 at postgres://user:hunter2@db/x')).toBe(
      'bad token xoxb-[redacted] and xapp-[redacted] at postgres://user:[redacted]@db/x',
    );
    expect(scrubCredentials('authorization: API 0123456789abcdef')).toBe('authorization: API [redacted]');
  });
});
