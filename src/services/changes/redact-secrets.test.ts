import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json-value.js';
import { REDACTED, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('masks credential keys at any depth and keeps everything else', () => {
    const input: JsonValue = {
      name: 'production_database',
      configuration: {
        server: 'db.example.com',
        password: 'hunter2',
        awsSecretAccessKey: 'AKIA...',
        mixpanelApiSecret: 's3cr3t',
        nested: [{ api_key: 'k' }, { token: 't', keep: 1 }],
        auto_map: 'true',
        passthrough: true,
      },
    };
    expect(redactSecrets(input)).toEqual({
      name: 'production_database',
      configuration: {
        server: 'db.example.com',
        password: REDACTED,
        awsSecretAccessKey: REDACTED,
        mixpanelApiSecret: REDACTED,
        nested: [{ api_key: REDACTED }, { token: REDACTED, keep: 1 }],
        auto_map: 'true',
        passthrough: true,
      },
    });
  });

  it('leaves empty and null secrets visible, so that "no password set" is still reviewable', () => {
    expect(redactSecrets({ password: '', token: null })).toEqual({ password: '', token: null });
  });

  it('does not leak the value through the output anywhere', () => {
    const out = JSON.stringify(redactSecrets({ a: { b: { secret: 'do-not-show-me' } } }));
    expect(out).not.toContain('do-not-show-me');
  });
});
