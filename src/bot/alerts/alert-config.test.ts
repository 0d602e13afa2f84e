import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configProblems } from '../../../test/support/config-problems.js';
import { ConfigError, loadConfig } from '../config.js';
import { prepareAlerting } from './alert-setup.js';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PIPEOPS_SANDBOX: '1' };
const dir = mkdtempSync(join(tmpdir(), 'pipeops-alert-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function asyncProblems(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('alerting configuration', () => {
  it('reads every alerting variable', () => {
    const config = loadConfig({
      ...SLACK,
      PIPEOPS_ALERT_RULES: '/etc/pipeops/rules.yml',
      PIPEOPS_ALERT_CHANNEL: '#data-alerts',
      PIPEOPS_ALERT_INTERVAL_SECONDS: '30',
      ALERTMANAGER_WEBHOOK_TOKEN: 'a-long-enough-token-123',
      ALERTMANAGER_WEBHOOK_PORT: '9999',
      ALERTMANAGER_WEBHOOK_HOST: '0.0.0.0',
      ALERTMANAGER_URL: 'http://alertmanager:9093',
      ALERTMANAGER_API_USER: 'pipeops',
      ALERTMANAGER_API_PASSWORD: 'pw',
      ALERTMANAGER_ALLOWED_HOSTS: 'AM.internal:9093, [::1]',
    });
    expect(config.alerts).toEqual({
      rulesFile: '/etc/pipeops/rules.yml',
      channel: '#data-alerts',
      intervalMs: 30_000,
      webhook: { token: 'a-long-enough-token-123', host: '0.0.0.0', port: 9999 },
      alertmanagerApi: { url: 'http://alertmanager:9093', basicAuth: { username: 'pipeops', password: 'pw' } },
      allowedExternalHosts: ['am.internal:9093', '[::1]'],
    });
  });

  it('lists every bad alerting variable without echoing secrets', () => {
    const found = configProblems({
      ...SLACK,
      PIPEOPS_ALERT_CHANNEL: 'data alerts',
      PIPEOPS_ALERT_INTERVAL_SECONDS: '-1',
      ALERTMANAGER_WEBHOOK_TOKEN: 'short-secret',
      ALERTMANAGER_URL: 'ftp://am',
    });
    expect(found).toEqual([
      'PIPEOPS_ALERT_CHANNEL: must be a channel id (C…, G…) or #channel-name',
      expect.stringMatching(/^PIPEOPS_ALERT_INTERVAL_SECONDS: /),
      'ALERTMANAGER_WEBHOOK_TOKEN: must be at least 16 characters (it is the only thing protecting the endpoint)',
      'ALERTMANAGER_URL: must be an http(s) URL',
    ]);
    expect(found.join('\n')).not.toContain('short-secret');
    expect(configProblems({ ALERTMANAGER_API_USER: 'u', ALERTMANAGER_API_TOKEN: 't' })).toEqual([
      'ALERTMANAGER_API_USER and ALERTMANAGER_API_PASSWORD: set both for basic auth, or neither',
      'ALERTMANAGER_API_TOKEN: use either a bearer token or ALERTMANAGER_API_USER/PASSWORD, not both',
      'ALERTMANAGER_URL: required when Alertmanager API credentials are set',
    ]);
  });

  it('refuses to start with a bad rules file or without a channel to post to', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'rules:\n  - { id: x, metric: NOPE, when: above, threshold: 1 }\n');
    expect(
      await asyncProblems(() => prepareAlerting(loadConfig({ ...SLACK, PIPEOPS_ALERT_RULES: bad }), null)),
    ).toEqual([
      expect.stringMatching(
        new RegExp(`^PIPEOPS_ALERT_RULES \\(${bad}\\): rules\\[0\\] \\(x\\)\\.metric: unknown metric "NOPE"`),
      ),
    ]);
    const noChannel = join(dir, 'no-channel.yml');
    writeFileSync(noChannel, 'rules:\n  - { id: x, metric: ERROR_EVENTS, when: above, threshold: 1 }\n');
    expect(
      await asyncProblems(() =>
        prepareAlerting(
          loadConfig({
            ...SLACK,
            PIPEOPS_ALERT_RULES: noChannel,
            ALERTMANAGER_WEBHOOK_TOKEN: 'a-long-enough-token-123',
          }),
          null,
        ),
      ),
    ).toEqual([
      'PIPEOPS_ALERT_CHANNEL: required, since rules x name no channel',
      'PIPEOPS_ALERT_CHANNEL: required with ALERTMANAGER_WEBHOOK_TOKEN (where Alertmanager alerts go)',
    ]);
  });

  it('runs the default rules in the console channel, and without a channel in Slack leaves them off', async () => {
    const console = await prepareAlerting(loadConfig({}), 'CDATAOPS');
    expect(console.defaultChannel).toBe('CDATAOPS');
    expect(console.rules?.length).toBeGreaterThan(0);
    expect(console.customRoutes).toEqual([]);
    const slack = await prepareAlerting(loadConfig(SLACK), null);
    expect(slack.defaultChannel).toBeNull();
  });

  it('silences go to ALERTMANAGER_URL, else to the URL the notification names', async () => {
    const configured = await prepareAlerting(loadConfig({ ALERTMANAGER_URL: 'http://am.internal:9093/' }), 'C1');
    expect(configured.alertmanagerFor('http://vm:19093')?.baseUrl).toBe('http://am.internal:9093');
    const derived = await prepareAlerting(loadConfig({ ALERTMANAGER_ALLOWED_HOSTS: 'vm:19093' }), 'C1');
    expect(derived.alertmanagerFor('http://vm:19093')?.baseUrl).toBe('http://vm:19093');
    expect(derived.alertmanagerFor('')).toBeNull();
  });
});
