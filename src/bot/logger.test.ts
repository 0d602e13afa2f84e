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

  it('masks by the same key vocabulary as snapshots, at any depth, and by value in strings', () => {
    const { logger, text } = captureLogs();
    logger.info(
      {
        input: {
          configuration: {
            PWD: 'p-601',
            db_pass: 'p-602',
            'x-api-key': 'k-603',
            deep: { deeper: { ssh: { key: 'k-604' } } },
            headers: [{ name: 'Authorization', value: 'Bearer t-605-abcdefgh' }],
            server: 'postgres://etl:p-606@db/app',
            consolidationKeys: ['ID'],
          },
        },
      },
      'input loaded',
    );
    const out = text();
    for (const secret of ['p-601', 'p-602', 'k-603', 'k-604', 't-605', 'p-606']) expect(out).not.toContain(secret);
    const line = JSON.parse(out);
    expect(line.input.configuration.consolidationKeys).toEqual(['ID']);
    expect(line.input.configuration.server).toBe('postgres://etl:[redacted]@db/app');
    expect(line.input.configuration.headers[0]).toEqual({ name: 'Authorization', value: '[redacted]' });
  });

  it('scrubs the message, printf arguments, child bindings and errors logged alone', () => {
    const { logger, text } = captureLogs();
    logger.warn('connecting with password=p-701 to %s', 'postgres://u:p-702@h/x');
    logger.child({ component: 'x', apiKey: 'k-703' }).info('child line');
    logger.error(new Error('failed: authorization: API k-704-0123456789'));
    const out = text();
    for (const secret of ['p-701', 'p-702', 'k-703', 'k-704']) expect(out).not.toContain(secret);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].msg).toBe('connecting with password=[redacted] to postgres://u:[redacted]@h/x');
    expect(lines[1]).toMatchObject({ component: 'x', apiKey: '[redacted]', msg: 'child line' });
    expect(lines[2].err.type).toBe('Error');
  });

  it('serialises errors nested anywhere without their request config', () => {
    const { logger, text } = captureLogs();
    const error = Object.assign(new Error('boom'), { config: { headers: { 'X-Custom': 'API k-801' } } });
    logger.error({ context: { attempt: 1, failure: error } }, 'nested');
    expect(text()).not.toContain('k-801');
    expect(JSON.parse(text()).context.failure).toMatchObject({ type: 'Error', message: 'boom' });
  });

  it('stays bounded: very deep or very large objects are cut, not walked', () => {
    const { logger, text } = captureLogs();
    let deep: Record<string, unknown> = { password: 'p-901' };
    for (let i = 0; i < 20; i += 1) deep = { level: deep };
    const wide = Array.from({ length: 5000 }, (_, i) => ({ i, note: `password=p-902-${i}` }));
    logger.info({ deep, wide }, 'big');
    const out = text();
    expect(out).not.toContain('p-901');
    expect(out).not.toContain('p-902');
    expect(out).toContain('[not logged: too deep]');
    expect(out).toContain('[not logged: too large]');
    expect(out.length).toBeLessThan(60_000);
  });
});
