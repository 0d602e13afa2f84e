import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/support/config-problems.js';
import { loadConfig } from './config.js';

describe('PIPEOPS_SECRETS_KEY', () => {
  it('is optional: without it Config has no secretsKey (sealed proposals disabled)', () => {
    expect(loadConfig({})).not.toHaveProperty('secretsKey');
    expect(loadConfig({ PIPEOPS_SECRETS_KEY: '   ' })).not.toHaveProperty('secretsKey');
  });

  it('takes 32 bytes as 64 hex characters or base64, trimmed', () => {
    const hex = randomBytes(32).toString('hex');
    const base64 = randomBytes(32).toString('base64');
    expect(loadConfig({ PIPEOPS_SECRETS_KEY: hex }).secretsKey).toBe(hex);
    expect(loadConfig({ PIPEOPS_SECRETS_KEY: ` ${base64}\n` }).secretsKey).toBe(base64);
  });

  it('refuses another length or a passphrase, naming the variable and the accepted forms, never the value', () => {
    for (const bad of [
      randomBytes(16).toString('hex'),
      'my very secret passphrase',
      randomBytes(31).toString('base64'),
    ]) {
      const problems = configProblems({ PIPEOPS_SECRETS_KEY: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^PIPEOPS_SECRETS_KEY: the key must be 32 bytes written as 64 hex characters/);
      expect(problems.join('\n')).not.toContain(bad);
    }
  });
});
