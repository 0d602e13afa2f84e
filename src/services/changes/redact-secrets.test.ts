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

describe('redactSecrets masks by what a value is, not by a short list of names (issue 7 §4)', () => {
  it('masks the shapes that used to leak', () => {
    const leaked: JsonValue = {
      PWD: 'leak-1',
      pwd: 'leak-2',
      db_pass: 'leak-3',
      'x-api-key': 'leak-4',
      server: 'postgres://u:leak-5@h/db',
      headers: [{ name: 'Authorization', value: 'Bearer leak-6' }],
      parameters: [{ parameter: 'api_key', type: 'Text', value: 'leak-7' }],
      service_account: JSON.stringify({ type: 'service_account', private_key: 'leak-8' }),
      'ssh.key': 'leak-9',
      notes: '-----BEGIN PRIVATE KEY-----\nleak-10\n-----END PRIVATE KEY-----',
    };
    const out = JSON.stringify(redactSecrets(leaked));
    for (let i = 1; i <= 10; i += 1) expect(out).not.toContain(`leak-${i}`);
    expect(out).toContain(`postgres://u:${REDACTED}@h/db`);
  });

  it('keeps a mapping as it is: consolidation keys and field names are not secrets', () => {
    const mapping: JsonValue = {
      name: 'PUBLIC.USERS',
      mappingMode: 'STRICT',
      consolidation: { consolidatedSchema: 'PUBLIC', consolidatedTableName: 'USERS', consolidationKeys: ['ID'] },
      fields: [
        {
          fieldName: 'password_hash',
          fields: [],
          mapping: { columnName: 'PASSWORD_HASH', isDiscarded: false, machineGenerated: false, subFields: null },
        },
        { fieldName: 'api_key', fields: [], mapping: { columnName: 'API_KEY', columnType: { type: 'VARCHAR' } } },
      ],
    };
    expect(redactSecrets(mapping)).toEqual(mapping);
  });
});
