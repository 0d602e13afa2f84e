import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('PIPEOPS_AUDIT_RETENTION_DAYS', () => {
  it('keeps history forever when unset or empty, and reads whole days', () => {
    expect(loadConfig({}).auditRetentionDays).toBeUndefined();
    expect(loadConfig({ PIPEOPS_AUDIT_RETENTION_DAYS: '' }).auditRetentionDays).toBeUndefined();
    expect(loadConfig({ PIPEOPS_AUDIT_RETENTION_DAYS: '90' }).auditRetentionDays).toBe(90);
  });

  it.each(['0', '-3', '1.5', 'forever'])('refuses %s at start', (value) => {
    let problems: string[] = [];
    try {
      loadConfig({ PIPEOPS_AUDIT_RETENTION_DAYS: value });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.join('\n')).toMatch(/PIPEOPS_AUDIT_RETENTION_DAYS/);
  });
});
