import { describe, expect, it } from 'vitest';
import { createFaultInjector } from './sandbox-faults.js';

describe('fault injector', () => {
  it('affects `times` matching requests, then stops', () => {
    const faults = createFaultInjector();
    faults.add({ method: 'get', path: '/rest/inputs', status: 503, times: 2 });

    expect(faults.take('POST', 'inputs', 'inputs')).toBeUndefined();
    expect(faults.take('GET', 'inputs', 'inputs')?.status).toBe(503);
    expect(faults.take('GET', 'inputs', 'inputs')?.status).toBe(503);
    expect(faults.take('GET', 'inputs', 'inputs')).toBeUndefined();
  });

  it('lasts until cleared when times is omitted', () => {
    const faults = createFaultInjector();
    faults.add({ method: '*', path: 'event-types', delayMs: 10 });

    for (let i = 0; i < 5; i++) expect(faults.take('DELETE', 'event-types', 'event-types')).toBeDefined();
    faults.clear();
    expect(faults.take('GET', 'event-types', 'event-types')).toBeUndefined();
  });

  it('matches a string against the quoted or the decoded path', () => {
    const faults = createFaultInjector();
    faults.add({ method: 'GET', path: 'event-types/a/b c', status: 500 });
    faults.add({ method: 'GET', path: 'event-types/x%2Fy', status: 502 });

    expect(faults.take('GET', 'event-types/a%2Fb%20c', 'event-types/a/b c')?.status).toBe(500);
    expect(faults.take('GET', 'event-types/x%2Fy', 'event-types/x/y')?.status).toBe(502);
  });

  it('matches a global RegExp on every request, not every other one', () => {
    const faults = createFaultInjector();
    faults.add({ method: 'POST', path: /mapping$/g, status: 500 });

    for (let i = 0; i < 3; i++)
      expect(faults.take('POST', 'event-types/E/mapping', 'event-types/E/mapping')).toBeDefined();
  });

  it('rejects a fault that would do nothing, or a bad status', () => {
    const faults = createFaultInjector();

    expect(() => faults.add({ method: 'GET', path: 'inputs' })).toThrow('needs a status, a delayMs, or both');
    expect(() => faults.add({ method: 'GET', path: 'inputs', status: 99 })).toThrow(TypeError);
    expect(() => faults.add({ method: 'GET', path: 'inputs', status: 500, times: 0 })).toThrow(TypeError);
  });

  it('`write` matches the requests that change the pipeline, not reads nor the POSTs that only compute', () => {
    const faults = createFaultInjector();
    faults.add({ method: 'write', path: /.*/, status: 500, times: 1 });

    expect(faults.take('GET', 'inputs', 'inputs')).toBeUndefined();
    expect(faults.take('POST', 'transform/steps/run', 'transform/steps/run')).toBeUndefined();
    expect(faults.take('PUT', 'inputs/a', 'inputs/a')?.status).toBe(500);
    expect(faults.take('DELETE', 'inputs/a', 'inputs/a')).toBeUndefined();
  });
});
