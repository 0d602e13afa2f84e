/**
 * Signed slash commands as Slack sends them (form body, v0 HMAC-SHA256 signature over `v0:<ts>:<body>`), for
 * benchmarks: the same signing as test/support/slack-http.ts, without nock (which would intercept this client).
 */
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

export interface SlashCommand {
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
}

export interface Ack {
  status: number;
  /** From just before the request is sent until its response has been read. */
  ms: number;
  sentAt: number;
}

/** Sends one command to `url` (`http://127.0.0.1:<port>/slack/events`) and times its acknowledgement. */
export async function sendSlashCommand(url: string, command: SlashCommand): Promise<Ack> {
  const body = new URLSearchParams({
    token: 'legacy-token-unused',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: command.channel,
    channel_name: 'bench',
    user_id: command.user,
    user_name: command.user.toLowerCase(),
    command: '/pipeline',
    text: command.text,
    api_app_id: 'A0BENCH',
    response_url: command.responseUrl,
    trigger_id: '123.456.bench',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', BENCH_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const sentAt = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - sentAt, sentAt };
}
