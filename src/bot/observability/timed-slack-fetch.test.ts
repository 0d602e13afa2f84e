import { describe, expect, it } from 'vitest';
import { PipeopsMetrics } from './metrics.js';
import { slackCallName, timedSlackFetch } from './timed-slack-fetch.js';

async function counts(metrics: PipeopsMetrics) {
  const { values } = await metrics.slackApiLatency.get();
  return values
    .filter((sample) => sample.metricName === 'pipeops_slack_api_seconds_count')
    .map((sample) => ({ ...sample.labels, value: sample.value }));
}

describe('slackCallName', () => {
  it('names Web API methods, response_url replies, and nothing unbounded', () => {
    expect(slackCallName('https://slack.com/api/chat.postMessage')).toBe('chat.postMessage');
    expect(slackCallName('http://127.0.0.1:4000/api/views.publish')).toBe('views.publish');
    expect(slackCallName('https://hooks.slack.com/commands/T0/123/abc')).toBe('response_url');
    expect(slackCallName('https://hooks.slack.com/actions/T0/123/abc')).toBe('response_url');
    expect(slackCallName('https://slack.com/api/<script>')).toBe('other');
    expect(slackCallName('https://files.slack.com/upload/v1/abc')).toBe('other');
    expect(slackCallName('not a url')).toBe('other');
  });
});

describe('timedSlackFetch', () => {
  it('observes each call with its method and HTTP status, and passes the answer through', async () => {
    const metrics = new PipeopsMetrics();
    const inner: typeof fetch = async (input) =>
      new Response(JSON.stringify({ ok: true, url: String(input) }), { status: 200 });
    const timed = timedSlackFetch(inner, metrics);
    const answer = await timed('https://slack.com/api/chat.postMessage', { method: 'POST', body: 'x=1' });
    expect(await answer.json()).toEqual({ ok: true, url: 'https://slack.com/api/chat.postMessage' });
    await timed('https://slack.com/api/chat.postMessage');
    await timed('https://hooks.slack.com/commands/T0/1/a');
    expect(await counts(metrics)).toEqual(
      expect.arrayContaining([
        { method: 'chat.postMessage', status: '200', value: 2 },
        { method: 'response_url', status: '200', value: 1 },
      ]),
    );
  });

  it('observes a rate-limited answer by its status and a failed request as error, which it rethrows', async () => {
    const metrics = new PipeopsMetrics();
    const limited = timedSlackFetch(async () => new Response('{}', { status: 429 }), metrics);
    expect((await limited('https://slack.com/api/chat.update')).status).toBe(429);
    const failing = timedSlackFetch(async () => {
      throw new TypeError('fetch failed');
    }, metrics);
    await expect(failing('https://slack.com/api/chat.update')).rejects.toThrow('fetch failed');
    expect(await counts(metrics)).toEqual(
      expect.arrayContaining([
        { method: 'chat.update', status: '429', value: 1 },
        { method: 'chat.update', status: 'error', value: 1 },
      ]),
    );
  });
});
