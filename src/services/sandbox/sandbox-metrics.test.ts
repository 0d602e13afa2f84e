import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpPipelineProvider } from '../pipeline/http-provider.js';
import type { MetricSeries } from '../pipeline/metrics.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import { type SandboxPipeline, startSandboxPipeline } from './sandbox-pipeline.js';

const API_KEY = 'sandbox-metrics-key';
const running: SandboxPipeline[] = [];
const dirs: string[] = [];

async function start(stateFile?: string): Promise<SandboxPipeline> {
  const sandbox = await startSandboxPipeline({ apiKey: API_KEY, ...(stateFile ? { stateFile } : {}) });
  running.push(sandbox);
  return sandbox;
}

const providerFor = (sandbox: SandboxPipeline) =>
  createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: API_KEY, retries: 0 });

const values = (series: MetricSeries | undefined) => (series?.points ?? []).map(([value]) => value);
const last = (series: MetricSeries | undefined) => values(series).at(-1);

async function control(sandbox: SandboxPipeline, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method,
    headers: { authorization: `API ${API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sandbox pipeline metrics (GET metrics, GET status-types, controls)', () => {
  it('answers every requested metric with one datapoint per bucket, aligned, in epoch seconds', async () => {
    const sandbox = await start();
    const before = Math.floor(Date.now() / 1000);
    const series = await providerFor(sandbox).getMetrics({
      metrics: ['INCOMING_EVENTS', 'LATENCY_MAX', 'EVENTS_IN_TRANSIT'],
      minutes: 30,
      resolutionMinutes: 5,
    });
    expect(series.map((s) => s.metric)).toEqual(['INCOMING_EVENTS', 'LATENCY_MAX', 'EVENTS_IN_TRANSIT']);
    for (const s of series) {
      expect(s.points).toHaveLength(6);
      const stamps = s.points.map(([, t]) => t);
      expect(stamps.every((t) => t % 300 === 0)).toBe(true);
      expect(stamps.at(-1)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      expect(stamps.at(-1)).toBeGreaterThan(before - 300);
    }
    // Counts are per bucket (5 min of ~1200 events/min), gauges are levels; the restream queue is empty.
    expect(last(series[0])).toBeGreaterThan(3000);
    expect(last(series[1])).toBeGreaterThan(30_000);
    expect(values(series[2]).every((v) => v === 0)).toBe(true);
  });

  it('breaks breakable metrics down by input and by event type (the by= extension)', async () => {
    const sandbox = await start();
    const provider = providerFor(sandbox);
    const byInput = await provider.getMetrics({
      metrics: ['ERROR_EVENTS'],
      minutes: 5,
      resolutionMinutes: 1,
      by: 'input',
    });
    expect(byInput.map((s) => s.tags.input)).toEqual([
      'mixpanel_engage_one',
      'production_database',
      'source_tWO',
      'storefront_webhook',
    ]);
    const [total] = await provider.getMetrics({ metrics: ['ERROR_EVENTS'], minutes: 5, resolutionMinutes: 1 });
    // The pipeline-wide series is the sum of the inputs' series.
    expect(last(total)).toBe(byInput.reduce((sum, s) => sum + (last(s) ?? 0), 0));
    const byEvent = await provider.getMetrics({ metrics: ['INCOMING_EVENTS'], minutes: 5, by: 'event_type' });
    expect(byEvent.map((s) => s.tags.event_type)).toContain('storefront/checkout completed');
  });

  it('reports no flow for a paused input from the bucket it was paused in, and the baseline again once resumed', async () => {
    const sandbox = await start();
    const provider = providerFor(sandbox);
    const flow = async (input: string) =>
      (
        await provider.getMetrics({
          metrics: ['INCOMING_EVENTS', 'ERROR_EVENTS'],
          minutes: 5,
          resolutionMinutes: 1,
          by: 'input',
        })
      ).filter((s) => s.tags.input === input);
    // Paused in the seed: nothing at all.
    for (const series of await flow('source_tWO')) expect(values(series).every((v) => v === 0)).toBe(true);
    sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    const [incoming, errors] = await flow('mixpanel_engage_one');
    expect(last(incoming)).toBeGreaterThan(0);
    expect(last(errors)).toBe(500);
    sandbox.pauseInput('mixpanel_engage_one', true);
    const paused = await flow('mixpanel_engage_one');
    expect(paused.map(last)).toEqual([0, 0]);
    expect(
      values(paused[0])
        .slice(0, -1)
        .every((v) => v !== null && v > 0),
    ).toBe(true);
    const [total] = await provider.getMetrics({ metrics: ['ERROR_EVENTS'], minutes: 1, resolutionMinutes: 1 });
    expect(last(total)).toBeLessThan(500);
    sandbox.pauseInput('mixpanel_engage_one', false);
    const [resumed] = await flow('mixpanel_engage_one');
    expect(last(resumed)).toBeGreaterThan(0);
  });

  it('reports a level set through the programmatic API in the newest bucket, backdated ones earlier', async () => {
    const sandbox = await start();
    const provider = providerFor(sandbox);
    sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    sandbox.setMetric('EVENTS_IN_PIPELINE', 90_000, { minutesAgo: 10 });
    sandbox.setMetric('LATENCY_MAX', null);
    const byInput = await provider.getMetrics({
      metrics: ['ERROR_EVENTS'],
      minutes: 5,
      resolutionMinutes: 1,
      by: 'input',
    });
    const mixpanel = byInput.find((s) => s.tags.input === 'mixpanel_engage_one');
    expect(last(mixpanel)).toBe(500);
    expect(values(mixpanel).slice(0, -1)).not.toContain(500);
    const [queue, latency] = await provider.getMetrics({
      metrics: ['EVENTS_IN_PIPELINE', 'LATENCY_MAX'],
      minutes: 20,
      resolutionMinutes: 1,
    });
    expect(values(queue).filter((v) => v === 90_000).length).toBeGreaterThanOrEqual(10);
    expect(values(queue)[0]).not.toBe(90_000);
    expect(last(latency)).toBeNull();

    sandbox.clearMetrics();
    const [again] = await provider.getMetrics({ metrics: ['LATENCY_MAX'], minutes: 1 });
    expect(last(again)).not.toBeNull();
  });

  it('drives metrics over /__sandbox/metrics and persists the levels in the state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-sandbox-metrics-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const sandbox = await start(stateFile);
    const put = await control(sandbox, 'PUT', 'metrics/INCOMING_EVENTS', { value: 0, input: 'storefront_webhook' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ metric: 'INCOMING_EVENTS', input: 'storefront_webhook', value: 0 });
    expect((await control(sandbox, 'GET', 'metrics')).body).toHaveLength(1);
    await sandbox.close();
    running.pop();

    const restarted = await start(stateFile);
    const series = await providerFor(restarted).getMetrics({ metrics: ['INCOMING_EVENTS'], minutes: 1, by: 'input' });
    expect(last(series.find((s) => s.tags.input === 'storefront_webhook'))).toBe(0);
    expect((await control(restarted, 'DELETE', 'metrics')).status).toBe(200);
    expect((await control(restarted, 'GET', 'metrics')).body).toEqual([]);
  });

  it('refuses bad control requests with 400/404 and a reason', async () => {
    const sandbox = await start();
    expect(await control(sandbox, 'PUT', 'metrics/NOPE', { value: 1 })).toMatchObject({ status: 400 });
    expect(await control(sandbox, 'PUT', 'metrics/ERROR_EVENTS', { value: 'high' })).toMatchObject({ status: 400 });
    expect(await control(sandbox, 'PUT', 'metrics/LATENCY_MAX', { value: 1, input: 'source_tWO' })).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/no per-input/) },
    });
    expect(await control(sandbox, 'PUT', 'metrics/ERROR_EVENTS', { value: 1, input: 'nope' })).toMatchObject({
      status: 404,
    });
    expect(() => sandbox.setMetric('ERROR_EVENTS', -1)).toThrow(/≥ 0/);
  });

  it('answers malformed metric queries with 400 in the reference client’s words', async () => {
    const sandbox = await start();
    const get = async (query: string) => {
      const response = await fetch(`${sandbox.url}/rest/metrics?${query}`, {
        headers: { authorization: `API ${API_KEY}` },
      });
      return { status: response.status, body: (await response.json()) as { message?: string } };
    };
    expect((await get('metrics=CPU_USAGE&from=-5min')).body.message).toMatch(
      /^Metrics 'CPU_USAGE' does not exist, please use one or more of these: \[EVENT_SIZE_AVG/,
    );
    expect((await get('from=-5min')).status).toBe(400);
    expect((await get('metrics=ERROR_EVENTS&from=5min')).status).toBe(400);
    expect((await get('metrics=ERROR_EVENTS&from=-5min&by=table')).status).toBe(400);
    expect((await get('metrics=LATENCY_MAX&from=-5min&by=input')).body.message).toMatch(/no breakdown by input/);
    const provider = providerFor(sandbox);
    const error = await provider.getMetrics({ metrics: ['LATENCY_MAX'], minutes: 5, by: 'input' }).catch((e) => e);
    expect(error).toBeInstanceOf(PipelineError);
  });

  it('serves GET status-types as {code: description}', async () => {
    const sandbox = await start();
    const types = await providerFor(sandbox).getStatusTypes();
    expect(types.VALID).toMatch(/loaded/);
    expect(Object.keys(types)).toContain('TRANSFORM_ERROR');
  });
});
