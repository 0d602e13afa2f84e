import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/support/capture-logs.js';
import { identifyBot, SlackTokenError } from './identify-bot.js';

describe('identifyBot (auth.test once at start)', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('returns the bot and bot user ids', async () => {
    nock('https://slack.com')
      .post('/api/auth.test')
      .matchHeader('authorization', 'Bearer xoxb-good')
      .reply(200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T1' });
    expect(await identifyBot('xoxb-good', captureLogs().logger)).toEqual({ botId: 'B0BOT', botUserId: 'U0BOT' });
  });

  it('says that Slack refused the token, without retrying and without showing it', async () => {
    nock('https://slack.com').post('/api/auth.test').once().reply(200, { ok: false, error: 'invalid_auth' });
    const error = await identifyBot('xoxb-revoked-secret', captureLogs().logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackTokenError);
    expect((error as Error).message).toBe(
      'Slack refused SLACK_BOT_TOKEN (invalid_auth): check the Bot User OAuth Token.',
    );
    expect((error as Error).message).not.toContain('xoxb-revoked-secret');
  });

  it('gives up quickly when Slack cannot be reached', async () => {
    nock('https://slack.com').post('/api/auth.test').times(3).reply(503, 'down');
    const started = Date.now();
    const error = await identifyBot('xoxb-x', captureLogs().logger, {
      retryConfig: { retries: 2, minTimeout: 1, maxTimeout: 1 },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Cannot reach Slack to verify SLACK_BOT_TOKEN \(auth\.test\)/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(nock.isDone()).toBe(true);
  });
});
