import { describe, expect, it } from 'vitest';
import { CREDENTIAL_SHAPES, LOOK_ALIKES, leakForms } from '../../../test/services/credentials/credential-shapes.js';
import { type JsonValue, toJsonValue } from '../json-value.js';
import { createSeedData } from '../sandbox/sandbox-seed.js';
import { maskCredentialText } from './credential-values.js';
import { ensureMasked, maskCredentials } from './mask-credentials.js';
import { REDACTED } from './placeholder.js';

describe('maskCredentials', () => {
  it('has a table of at least 30 credential shapes and 15 look-alikes', () => {
    expect(CREDENTIAL_SHAPES.length).toBeGreaterThanOrEqual(30);
    expect(LOOK_ALIKES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CREDENTIAL_SHAPES.map((shape) => [shape.label, shape] as const))('masks %s', (_label, shape) => {
    const masked = JSON.stringify(maskCredentials({ configuration: { [shape.field]: shape.value } }));
    for (const secret of shape.secrets) {
      for (const form of leakForms(secret)) expect(masked).not.toContain(form);
    }
    expect(masked).toContain(REDACTED);
  });

  it.each(LOOK_ALIKES.map((lookAlike) => [lookAlike.label, lookAlike] as const))('keeps %s', (_label, lookAlike) => {
    const value = { configuration: { [lookAlike.field]: lookAlike.value } };
    expect(maskCredentials(value)).toEqual(value);
  });

  it('keeps the shape around a masked value: users, hosts and the other pairs stay reviewable', () => {
    expect(
      maskCredentials({
        server: 'postgres://etl:hunter2@db.internal:5432/app',
        headers: [
          { name: 'Accept', value: 'application/json' },
          { name: 'Authorization', value: 'Bearer abc.def' },
        ],
        parameters: [{ parameter: 'api_key', type: 'Text', value: 'k-1' }],
        ssh: { host: 'bastion', key: 'k-2' },
      }),
    ).toEqual({
      server: `postgres://etl:${REDACTED}@db.internal:5432/app`,
      headers: [
        { name: 'Accept', value: 'application/json' },
        { name: 'Authorization', value: REDACTED },
      ],
      parameters: [{ parameter: 'api_key', type: 'Text', value: REDACTED }],
      ssh: { host: 'bastion', key: REDACTED },
    });
  });

  it('re-serialises a JSON string only when it held a credential', () => {
    const account = JSON.stringify({ type: 'service_account', private_key: 'p', client_email: 'e@x' });
    const masked = maskCredentials({ sa: account }) as { sa: string };
    expect(JSON.parse(masked.sa)).toEqual({
      type: 'service_account',
      private_key: REDACTED,
      client_email: 'e@x',
    });
    const harmless = '{ "orders": "xmin::text::bigint" }';
    expect(maskCredentials({ tables: harmless })).toEqual({ tables: harmless });
  });

  it('masks every shape at once, as an input configuration carries them', () => {
    const configuration: { [key: string]: JsonValue } = {};
    for (const shape of CREDENTIAL_SHAPES) configuration[shape.field] = shape.value;
    for (const lookAlike of LOOK_ALIKES) configuration[lookAlike.field] = lookAlike.value;
    const masked = maskCredentials({ configuration }) as { configuration: { [key: string]: JsonValue } };
    const text = JSON.stringify(masked);
    for (const secret of CREDENTIAL_SHAPES.flatMap((shape) => shape.secrets)) expect(text).not.toContain(secret);
    for (const lookAlike of LOOK_ALIKES) expect(masked.configuration[lookAlike.field]).toEqual(lookAlike.value);
  });

  it('keeps a value that already is a mask, with its note, so a sealed credential being set still shows', () => {
    const planned = { password: `${REDACTED} (new value, sealed)`, token: REDACTED, dsn: `${REDACTED} leaked` };
    expect(maskCredentials(planned)).toEqual({ ...planned, dsn: REDACTED });
    // As text too (a unified diff of such a snapshot, masked again before its audit row is written).
    const text = JSON.stringify(planned, null, 2);
    expect(maskCredentialText(text)).toBe(text.replace(`${REDACTED} leaked`, REDACTED));
  });

  it('is idempotent', () => {
    const configuration = Object.fromEntries(CREDENTIAL_SHAPES.map((shape) => [shape.field, shape.value]));
    const once = maskCredentials(configuration);
    expect(maskCredentials(once)).toEqual(once);
  });

  it('finds no false positives in the sandbox seed (inputs, mappings, transforms, samples, plumbing)', () => {
    const seed = toJsonValue(createSeedData()) as { [key: string]: JsonValue };
    const masked = maskCredentials(seed) as { [key: string]: JsonValue };
    const changed = Object.keys(seed).filter((key) => JSON.stringify(seed[key]) !== JSON.stringify(masked[key]));
    // Only the server-side secret store and input passwords are credentials.
    expect(changed.sort()).toEqual(['inputCredentials', 'secrets']);
  });
});

describe('ensureMasked', () => {
  it('masks a value it has not seen masked, and returns maskCredentials’ own output as it is', () => {
    const raw: JsonValue = { user: 'etl', password: 'hunter22', nested: { token: 'abc123def456' } };
    const once = ensureMasked(raw);
    expect(JSON.stringify(once)).not.toMatch(/hunter22|abc123def456/);
    expect(ensureMasked(once)).toBe(once);
    // A copy of a masked value with a credential added is not taken for masked.
    const edited = { ...(once as Record<string, JsonValue>), secret: 'added-later-9f8e' };
    expect(JSON.stringify(ensureMasked(edited))).not.toContain('added-later-9f8e');
  });
});

describe('maskCredentials over stored plans and params', () => {
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
    expect(maskCredentials(input)).toEqual({
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
    expect(maskCredentials({ password: '', token: null })).toEqual({ password: '', token: null });
  });

  it('does not leak the value through the output anywhere', () => {
    const out = JSON.stringify(maskCredentials({ a: { b: { secret: 'do-not-show-me' } } }));
    expect(out).not.toContain('do-not-show-me');
  });
});

describe('maskCredentials masks by what a value is, not by a short list of names (issue 7 §4)', () => {
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
    const out = JSON.stringify(maskCredentials(leaked));
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
    expect(maskCredentials(mapping)).toEqual(mapping);
  });
});
