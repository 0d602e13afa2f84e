import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/support/config-problems.js';
import { loadConfig } from './config.js';

const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
const SOCKET = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
const PIPELINE = { PIPELINE_URL: 'https://app.alooma.com', PIPELINE_API_KEY: 'k' };

describe('loadConfig: the sandbox only on purpose in Slack', () => {
  it.each([
    ['HTTP mode', HTTP],
    ['Socket Mode', SOCKET],
  ])('%s without PIPELINE_URL refuses to start, saying how to run the sandbox deliberately', (_mode, env) => {
    expect(configProblems(env)).toEqual([
      'PIPELINE_URL: required with Slack tokens (without it pipeops would run against its embedded sandbox ' +
        'pipeline); to do that on purpose, set PIPEOPS_SANDBOX=1',
    ]);
  });

  it('PIPEOPS_SANDBOX=1 runs Slack on the sandbox and says so everywhere (announceSandbox)', () => {
    for (const env of [HTTP, SOCKET]) {
      const config = loadConfig({ ...env, PIPEOPS_SANDBOX: '1' });
      expect(config.pipeline).toEqual({ kind: 'sandbox', port: 0 });
      expect(config.announceSandbox).toBe(true);
    }
    expect(loadConfig({ ...HTTP, ...PIPELINE }).announceSandbox).toBe(false);
  });

  it('the console needs no flag: it is local by nature and does not banner', () => {
    const config = loadConfig({});
    expect(config.pipeline.kind).toBe('sandbox');
    expect(config.announceSandbox).toBe(false);
  });

  it('refuses PIPEOPS_SANDBOX together with PIPELINE_URL, and a value that is not a flag', () => {
    expect(configProblems({ ...HTTP, ...PIPELINE, PIPEOPS_SANDBOX: 'yes' })).toEqual([
      'PIPEOPS_SANDBOX: set to 1 together with PIPELINE_URL; choose the sandbox or the pipeline',
    ]);
    expect(configProblems({ ...HTTP, PIPEOPS_SANDBOX: 'maybe' })).toEqual(['PIPEOPS_SANDBOX: must be 1 or 0']);
    expect(configProblems({ ...HTTP, PIPEOPS_SANDBOX: '0' })).toHaveLength(1);
  });

  it('reads where the operator endpoints listen (loopback by default) and the shutdown bound', () => {
    expect(loadConfig({}).operatorHttp).toBeUndefined();
    expect(loadConfig({ PIPEOPS_HTTP_PORT: '9464' }).operatorHttp).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ PIPEOPS_HTTP_PORT: '0', PIPEOPS_HTTP_HOST: '0.0.0.0' }).operatorHttp).toEqual({
      host: '0.0.0.0',
      port: 0,
    });
    expect(loadConfig({ PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS: '5' }).shutdownTimeoutMs).toBe(5000);
    expect(
      configProblems({ PIPEOPS_HTTP_PORT: '70000', PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS: '0' }).map((p) => p.split(':')[0]),
    ).toEqual(['PIPEOPS_HTTP_PORT', 'PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS']);
  });
});
