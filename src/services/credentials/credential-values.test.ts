import { describe, expect, it } from 'vitest';
import { isCredentialPair, maskCredentialText } from './credential-values.js';

const P = '••••••';

describe('maskCredentialText', () => {
  it.each([
    ['URL userinfo', 'postgres://u:p4ss@h/db', `postgres://u:${P}@h/db`],
    ['userinfo with @ and : in the password', 'mysql://etl:p@ss:w0rd@db:3306/x', `mysql://etl:${P}@db:3306/x`],
    ['empty user', 'redis://:s3cret@cache:6379', `redis://:${P}@cache:6379`],
    ['query parameter', 'https://x.io/a?api_key=abc123&page=2', `https://x.io/a?api_key=${P}&page=2`],
    ['libpq DSN', 'host=db user=etl password=abc dbname=x', `host=db user=etl password=${P} dbname=x`],
    ['ODBC string', 'Server=s;Pwd=abc;Database=d', `Server=s;Pwd=${P};Database=d`],
    ['header line with scheme', 'Authorization: Bearer abc.def-123', `Authorization: Bearer ${P}`],
    ['API-key authorization', 'authorization: API 0123456789abcdef', `authorization: API ${P}`],
    ['x-api-key header', 'X-Api-Key: k-42', `X-Api-Key: ${P}`],
    ['JSON text', '{"user":"u","password":"p w"}', `{"user":"u","password":"${P}"}`],
    ['JSON inside a JSON string', '{\\"token\\":\\"t-1\\"}', `{\\"token\\":\\"${P}\\"}`],
    ['env assignment', 'PWD=/secret/dir DB_PASS=x1', `PWD=${P} DB_PASS=${P}`],
    ['bare Bearer', 'sent Bearer abcdefgh12345 upstream', `sent Bearer ${P} upstream`],
    ['Slack token', 'token xoxb-1-2-abc failed', `token xoxb-${P} failed`],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE', P],
    ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-1 ok', `jwt ${P} ok`],
    [
      'PEM block',
      'a -----BEGIN PRIVATE KEY-----\nMIIE\nabc\n-----END PRIVATE KEY----- b',
      `a -----BEGIN PRIVATE KEY-----${P}-----END PRIVATE KEY----- b`,
    ],
    [
      'truncated PEM block',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn',
      `-----BEGIN OPENSSH PRIVATE KEY-----${P}-----END OPENSSH PRIVATE KEY-----`,
    ],
  ])('masks %s', (_label, text, masked) => {
    expect(maskCredentialText(text)).toBe(masked);
  });

  it.each([
    'postgres://db.internal:5432/app',
    'postgres://alooma@db.internal/app',
    'https://mixpanel.com/api/2.0/engage?page=2',
    'Error: request failed: the token expired',
    'password: null',
    'Rotate the API key monthly',
    'properties["$last_seen"]>="%Y-%m-%dT00:00:00"',
    'keys=ID,EMAIL primary_key=id',
    'auth_type=basic token_type=bearer',
  ])('leaves %s as it is', (text) => {
    expect(maskCredentialText(text)).toBe(text);
  });
});

describe('isCredentialPair', () => {
  it('recognises name/value pairs by the name, whatever field holds it', () => {
    expect(isCredentialPair({ name: 'Authorization', value: 'x' })).toBe(true);
    expect(isCredentialPair({ key: 'client_secret', value: 'x' })).toBe(true);
    expect(isCredentialPair({ parameter: 'api_key', type: 'Text', value: 'x' })).toBe(true);
    expect(isCredentialPair({ name: 'Accept', value: 'x' })).toBe(false);
    expect(isCredentialPair({ name: 'Authorization' })).toBe(false);
  });
});
