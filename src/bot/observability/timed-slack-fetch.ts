import { performance } from 'node:perf_hooks';
import type { PipeopsMetrics } from './metrics.js';

/** A Web API method name as Slack spells them (`chat.postMessage`); anything else is labelled `other`. */
const WEB_API_METHOD = /^[a-z]+(\.[a-zA-Z]+){1,3}$/;

/** The `method` label of a call to Slack: the Web API method, `response_url` for a command's reply URL. */
export function slackCallName(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'other';
  }
  const api = /\/api\/([^/]+)$/.exec(path)?.[1];
  if (api !== undefined) return WEB_API_METHOD.test(api) ? api : 'other';
  // Slack's response_url: https://hooks.slack.com/commands/T…/…/… (and the benchmark's fake: /response/<n>).
  return /\/(commands|actions|response)\//.test(path) ? 'response_url' : 'other';
}

/**
 * Bolt's `fetch` (clientOptions.fetch: the WebClient's and `respond()`'s) timed into
 * `pipeops_slack_api_seconds`: from the request sent until its answer's headers are read (when fetch resolves, so
 * a bot too busy to read its answers shows as well as a slow Slack or a 429). The WebClient's own queue (100 calls
 * in flight) is not included.
 */
export function timedSlackFetch(inner: typeof fetch, metrics: PipeopsMetrics): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = slackCallName(url);
    const started = performance.now();
    const observe = (status: string) =>
      metrics.slackApiLatency.observe({ method, status }, (performance.now() - started) / 1000);
    try {
      const response = await inner(input, init);
      observe(String(response.status));
      return response;
    } catch (error) {
      observe('error');
      throw error;
    }
  };
}
