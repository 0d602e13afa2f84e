import { describe, expect, it } from 'vitest';
import { SandboxHttpError } from './sandbox-http-error.js';
import { createRouter, type RouteHandler } from './sandbox-router.js';

const handler: RouteHandler = () => ({ status: 200 });
const router = createRouter([
  { method: 'GET', pattern: 'event-types', handler },
  { method: 'GET', pattern: 'event-types/:name', handler },
  { method: 'POST', pattern: 'event-types/:name/mapping', handler },
  { method: 'PUT', pattern: 'event-types/:name/mapping', handler },
]);

describe('sandbox router', () => {
  it('decodes parameters after splitting, so an encoded slash stays inside the name', () => {
    expect(router.match('GET', 'event-types/src%2Fcheckout%20done')).toEqual({
      kind: 'found',
      handler,
      params: { name: 'src/checkout done' },
    });
    expect(router.match('GET', 'event-types/src/checkout')).toEqual({ kind: 'not_found' });
  });

  it('lists the allowed methods when only the method is wrong', () => {
    expect(router.match('DELETE', 'event-types/E/mapping')).toEqual({
      kind: 'method_not_allowed',
      allowed: ['POST', 'PUT'],
    });
  });

  it('does not match an empty parameter', () => {
    expect(router.match('GET', 'event-types/')).toEqual({ kind: 'not_found' });
  });

  it('answers 400 to malformed percent-encoding', () => {
    expect(() => router.match('GET', 'event-types/%E0%A4%A')).toThrow(SandboxHttpError);
  });
});
