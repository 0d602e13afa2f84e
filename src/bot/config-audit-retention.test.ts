import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/support/config-problems.js';
import { loadConfig } from './config.js';

describe('PIPEOPS_AUDIT_RETENTION_DAYS', () => {
  it('keeps history forever when unset or empty, and reads whole days', () => {
    expect(loadConfig({}).auditRetentionDays).toBeUndefined();
    expect(loadConfig({ PIPEOPS_AUDIT_RETENTION_DAYS: '' }).auditRetentionDays).toBeUndefined();
    expect(loadConfig({ PIPEOPS_AUDIT_RETENTION_DAYS: '90' }).auditRetentionDays).toBe(90);
  });

  it.each(['0', '-3', '1.5', 'forever'])('refuses %s at start', (value) => {
    const problems = configProblems({ PIPEOPS_AUDIT_RETENTION_DAYS: value });
    expect(problems.join('\n')).toMatch(/PIPEOPS_AUDIT_RETENTION_DAYS/);
  });
});
