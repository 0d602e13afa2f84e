import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/support/config-problems.js';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('with nothing set: local console, sandbox pipeline, SQLite in .pipeops, 60 minute requests', () => {
    expect(loadConfig({})).toEqual({
      slack: { mode: 'console' },
      command: '/pipeline',
      pipeline: { kind: 'sandbox', port: 0 },
      database: { dataDir: '.pipeops', checkTransactionUse: true },
      access: { proposers: [], approvers: [] },
      changeTtlMs: 60 * 60_000,
      workflow: { applyLeaseMs: 60_000, approvalsByKind: {} },
      logLevel: 'info',
      alerts: { intervalMs: 60_000, webhook: null, alertmanagerApi: null, allowedExternalHosts: [] },
      announceSandbox: false,
      shutdownTimeoutMs: 20_000,
      drift: { intervalMs: 10 * 60_000 },
    });
  });

  it('checks transactions for misuse except in production (npm start)', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).database.checkTransactionUse).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).database.checkTransactionUse).toBe(true);
  });

  it('picks Socket Mode with an app token, HTTP mode with a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', PIPEOPS_SANDBOX: '1' }).slack).toEqual({
      mode: 'socket',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
    });
    expect(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        PIPEOPS_SANDBOX: '1',
        PORT: '8080',
        SLACK_BOT_ID: 'B1',
        SLACK_BOT_USER_ID: 'U1',
      }).slack,
    ).toEqual({ mode: 'http', botToken: 'xoxb-1', signingSecret: 's', port: 8080, botId: 'B1', botUserId: 'U1' });
  });

  it('reads the pipeline, database, access lists and TTL', () => {
    const config = loadConfig({
      PIPELINE_URL: 'https://app.alooma.com',
      PIPELINE_API_KEY: 'k',
      PIPELINE_ACCOUNT: 'acme',
      PIPELINE_TIMEOUT_MS: '5000',
      DATABASE_URL: 'postgres://u:p@db/pipeops',
      PIPEOPS_PROPOSERS: 'U01, W02',
      PIPEOPS_APPROVERS: 'S0DATA,U03',
      PIPEOPS_CHANGE_TTL_MINUTES: '15',
    });
    expect(config.pipeline).toEqual({
      kind: 'http',
      baseUrl: 'https://app.alooma.com',
      apiKey: 'k',
      accountName: 'acme',
      timeoutMs: 5000,
      retries: 2,
    });
    expect(config.database.url).toBe('postgres://u:p@db/pipeops');
    expect(config.access).toEqual({ proposers: ['U01', 'W02'], approvers: ['S0DATA', 'U03'] });
    expect(config.changeTtlMs).toBe(15 * 60_000);
  });

  it('lists every problem at once, naming variables and never their values', () => {
    const found = configProblems({
      SLACK_BOT_TOKEN: 'xoxp-user-token-value',
      PIPELINE_URL: 'ftp://x',
      PIPEOPS_APPROVERS: 'alice',
      PIPEOPS_CHANGE_TTL_MINUTES: '0',
      DATABASE_URL: 'mysql://nope',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'PIPELINE_URL',
      'DATABASE_URL',
      'PIPEOPS_APPROVERS.0',
      'PIPEOPS_CHANGE_TTL_MINUTES',
    ]);
    expect(found.join('\n')).not.toContain('xoxp-user-token-value');
  });

  it('refuses half-configured Slack and pipeline settings', () => {
    expect(configProblems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (Socket Mode or HTTP mode)',
    ]);
    expect(configProblems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set',
    ]);
    expect(configProblems({ PIPELINE_URL: 'https://p.example' })).toEqual([
      'PIPELINE_API_KEY: required when PIPELINE_URL is set',
    ]);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '  ', PIPELINE_URL: '' }).slack).toEqual({ mode: 'console' });
  });
});
