import type { JsonValue } from '../../../src/services/json-value.js';

/**
 * Credential shapes seen in pipeline input configurations (Alooma inputs, REST headers and parameter lists,
 * DSNs, service-account files, ...). Each puts `value` under configuration key `field`; `secrets` are the
 * substrings that must never be stored, posted or logged. Secret values are unique so a leak names its shape.
 */
export interface CredentialShape {
  label: string;
  field: string;
  value: JsonValue;
  secrets: string[];
}

const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7pemBodySecret0042';
const JWT_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqd3Qtc2hhcGUtMzIifQ.c2lnbmF0dXJlLWp3dC1zZWNyZXQtMzI';

export const CREDENTIAL_SHAPES: CredentialShape[] = [
  { label: 'password', field: 'password', value: 'pw-shape-01-hunter2', secrets: ['pw-shape-01-hunter2'] },
  { label: 'PWD (upper case)', field: 'PWD', value: 'pw-shape-02-upper', secrets: ['pw-shape-02-upper'] },
  { label: 'pwd', field: 'pwd', value: 'pw-shape-03-lower', secrets: ['pw-shape-03-lower'] },
  { label: 'db_pass', field: 'db_pass', value: 'pw-shape-04-dbpass', secrets: ['pw-shape-04-dbpass'] },
  { label: 'dbPass (camelCase)', field: 'dbPass', value: 'pw-shape-05-camel', secrets: ['pw-shape-05-camel'] },
  { label: 'DB_PASSWORD', field: 'DB_PASSWORD', value: 'pw-shape-06-screaming', secrets: ['pw-shape-06-screaming'] },
  { label: 'x-api-key', field: 'x-api-key', value: 'key-shape-07-xapi', secrets: ['key-shape-07-xapi'] },
  { label: 'api_key', field: 'api_key', value: 'key-shape-08-snake', secrets: ['key-shape-08-snake'] },
  {
    label: 'mixpanelApiKey',
    field: 'mixpanelApiKey',
    value: 'key-shape-09-mixpanel',
    secrets: ['key-shape-09-mixpanel'],
  },
  {
    label: 'mixpanelApiSecret',
    field: 'mixpanelApiSecret',
    value: 'secret-shape-10-mixpanel',
    secrets: ['secret-shape-10-mixpanel'],
  },
  {
    label: 'awsSecretAccessKey',
    field: 'awsSecretAccessKey',
    value: 'wJalrXUtnFEMI/K7MDENG/shape11EXAMPLEKEY',
    secrets: ['wJalrXUtnFEMI/K7MDENG/shape11EXAMPLEKEY'],
  },
  { label: 'access_token', field: 'access_token', value: 'tok-shape-12-access', secrets: ['tok-shape-12-access'] },
  {
    label: 'client_secret',
    field: 'client_secret',
    value: 'secret-shape-13-client',
    secrets: ['secret-shape-13-client'],
  },
  {
    label: 'ssh.key (dotted key)',
    field: 'ssh.key',
    value: 'sshkey-shape-14-dotted',
    secrets: ['sshkey-shape-14-dotted'],
  },
  {
    label: 'ssh: {key} (nested)',
    field: 'ssh',
    value: { host: 'bastion.internal', user: 'tunnel', key: 'sshkey-shape-15-nested' },
    secrets: ['sshkey-shape-15-nested'],
  },
  { label: 'privateKeyId', field: 'privateKeyId', value: 'pkid-shape-16-abcdef', secrets: ['pkid-shape-16-abcdef'] },
  {
    label: 'passphrase',
    field: 'passphrase',
    value: 'phrase-shape-17-correct-horse',
    secrets: ['phrase-shape-17-correct-horse'],
  },
  { label: 'numeric password', field: 'db_password', value: 987_654_321_018, secrets: ['987654321018'] },
  {
    label: 'credentials object',
    field: 'credentials',
    value: { username: 'svc-user', password: 'pw-shape-19-object' },
    secrets: ['pw-shape-19-object'],
  },
  {
    label: 'dsn',
    field: 'dsn',
    value: 'postgres://etl:pw-shape-20-dsn@db.internal:5432/app',
    secrets: ['pw-shape-20-dsn'],
  },
  {
    label: 'ODBC connection string',
    field: 'connectionString',
    value: 'Server=sql.internal;Database=app;User Id=etl;Password=pw-shape-21-odbc;',
    secrets: ['pw-shape-21-odbc'],
  },
  {
    label: 'URL userinfo under a plain key',
    field: 'server_url',
    value: 'postgres://etl:pw-shape-22-userinfo@db.internal:5432/app',
    secrets: ['pw-shape-22-userinfo'],
  },
  {
    label: 'mongodb+srv userinfo',
    field: 'uri',
    value: 'mongodb+srv://reader:pw-shape-23-mongo@cluster0.example.net/db?retryWrites=true',
    secrets: ['pw-shape-23-mongo'],
  },
  {
    label: 'redis URL, empty user',
    field: 'cache_url',
    value: 'redis://:pw-shape-24-redis@cache.internal:6379/0',
    secrets: ['pw-shape-24-redis'],
  },
  {
    label: 'libpq keyword DSN',
    field: 'conninfo',
    value: 'host=db.internal user=etl password=pw-shape-25-libpq dbname=app',
    secrets: ['pw-shape-25-libpq'],
  },
  {
    label: 'API key in a URL query string',
    field: 'base_url',
    value: 'https://api.example.com/v1/export?format=json&api_key=key-shape-26-query&page=1',
    secrets: ['key-shape-26-query'],
  },
  {
    label: 'Authorization in a {name, value} header list',
    field: 'headers',
    value: [
      { name: 'Accept', value: 'application/json' },
      { name: 'Authorization', value: 'Bearer tok-shape-27-header-list' },
    ],
    secrets: ['tok-shape-27-header-list'],
  },
  {
    label: 'X-Api-Key in a {key, value} header list',
    field: 'extra_headers',
    value: [{ key: 'X-Api-Key', value: 'key-shape-28-pair' }],
    secrets: ['key-shape-28-pair'],
  },
  {
    label: 'api_key in an Alooma parameter list',
    field: 'parameters',
    value: [
      { parameter: 'where', type: 'Days Past', value: 2 },
      { parameter: 'api_key', type: 'Text', value: 'key-shape-29-parameter' },
    ],
    secrets: ['key-shape-29-parameter'],
  },
  {
    label: 'header lines as strings',
    field: 'raw_headers',
    value: ['Accept: text/csv', 'Authorization: Basic c2hhcGUtMzAtYmFzaWMtYXV0aA=='],
    secrets: ['c2hhcGUtMzAtYmFzaWMtYXV0aA=='],
  },
  {
    label: 'headers as a map',
    field: 'header_map',
    value: { 'Content-Type': 'application/json', Authorization: 'Token tok-shape-31-map' },
    secrets: ['tok-shape-31-map'],
  },
  {
    label: 'service-account JSON in a string',
    field: 'service_account',
    value: JSON.stringify({
      type: 'service_account',
      project_id: 'demo-project',
      private_key_id: 'pkid-shape-32-service-account',
      private_key: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`,
      client_email: 'etl@demo-project.iam.gserviceaccount.com',
    }),
    secrets: ['pkid-shape-32-service-account', PEM_BODY],
  },
  {
    label: 'PEM block under a plain key',
    field: 'notes',
    value: `use this:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAshape33pemRsaBody\n-----END RSA PRIVATE KEY-----`,
    secrets: ['MIIEpAIBAAKCAQEAshape33pemRsaBody'],
  },
  {
    label: 'JSON string with a password',
    field: 'extra_options',
    value: '{"ssl": true, "password": "pw-shape-34-json-string"}',
    secrets: ['pw-shape-34-json-string'],
  },
  {
    label: 'JWT under a plain key',
    field: 'session_blob',
    value: JWT_TOKEN,
    secrets: [JWT_TOKEN, 'c2lnbmF0dXJlLWp3dC1zZWNyZXQtMzI'],
  },
  {
    label: 'Slack token under a plain key',
    field: 'notify',
    value: 'xoxb-3636-shape36-slacktoken',
    secrets: ['3636-shape36-slacktoken'],
  },
  { label: 'ssl_cert', field: 'ssl_cert', value: 'cert-shape-37-client', secrets: ['cert-shape-37-client'] },
  {
    label: 'cookie pair',
    field: 'cookies',
    value: [{ name: 'session', value: 'cookie-shape-38-session' }],
    secrets: ['cookie-shape-38-session'],
  },
  {
    label: 'oauth refresh token',
    field: 'oauthRefreshToken',
    value: 'tok-shape-39-refresh',
    secrets: ['tok-shape-39-refresh'],
  },
  { label: 'bare key', field: 'key', value: 'key-shape-40-bare', secrets: ['key-shape-40-bare'] },
];

/**
 * Keys and values that look like credentials but are not (mapping consolidation keys, primary keys, the
 * seed inputs' fields): they must stay visible, unchanged.
 */
export const LOOK_ALIKES: { label: string; field: string; value: JsonValue }[] = [
  { label: 'keys (a list of key names)', field: 'keys', value: ['ID', 'EMAIL'] },
  { label: 'primary_keys', field: 'primary_keys', value: ['id'] },
  { label: 'primary_key', field: 'primary_key', value: 'id' },
  { label: 'key_column', field: 'key_column', value: 'user_id' },
  { label: 'monkey', field: 'monkey', value: 'banana' },
  { label: 'keyboard', field: 'keyboard', value: 'qwerty' },
  { label: 'consolidation keys (spaced)', field: 'consolidation keys', value: 'ID' },
  {
    label: 'consolidation (mapping)',
    field: 'consolidation',
    value: { consolidatedSchema: 'PUBLIC', consolidationKeys: ['ID'] },
  },
  {
    label: 'mapping field named password',
    field: 'mapping',
    value: {
      fieldName: 'password',
      mapping: { columnName: 'PASSWORD', isDiscarded: true, sortKeyIndex: 1, distKey: false },
    },
  },
  { label: 'passthrough', field: 'passthrough', value: 'passthrough-visible' },
  { label: 'auth_type', field: 'auth_type', value: 'basic' },
  { label: 'token_type', field: 'token_type', value: 'bearer' },
  { label: 'password_length', field: 'password_length', value: 12 },
  { label: 'secret_name (Alooma secret names)', field: 'secret_name', value: 'my_password' },
  { label: 'username', field: 'username', value: '1q2w3e4r5t6y7u8i9o0p' },
  { label: 'server', field: 'server', value: 'db.production.internal' },
  {
    label: 'tables (a JSON string)',
    field: 'tables',
    value: '{"orders":"xmin::text::bigint","users":"xmin::text::bigint"}',
  },
  { label: 'URL with a port, no userinfo', field: 'replica_url', value: 'postgres://db.internal:5432/app' },
  { label: 'URL with a user, no password', field: 'owner_url', value: 'postgres://alooma@db.internal/app' },
  {
    label: 'non-credential header pairs',
    field: 'accept_headers',
    value: [
      { name: 'Content-Type', value: 'application/json' },
      { key: 'Accept', value: 'text/csv' },
    ],
  },
  {
    label: 'Alooma parameter template',
    field: 'query_parameters',
    value: [
      { parameter: 'where', type: 'Days Past', value: 2, template: 'properties["$last_seen"]>="%Y-%m-%dT00:00:00"' },
    ],
  },
  { label: 'bypass_cache', field: 'bypass_cache', value: 'always' },
  { label: 'connection_timeout', field: 'connection_timeout', value: 30 },
  { label: 's3_key (an object path)', field: 's3_key', value: 'exports/2024/orders.csv' },
  { label: 'author', field: 'author', value: 'Jane Doe' },
  { label: 'auth flag', field: 'auth', value: true },
  { label: 'empty password', field: 'old_password', value: '' },
  { label: 'null token', field: 'refresh_token', value: null },
  {
    label: 'prose about keys',
    field: 'description',
    value: 'Rotate the API key monthly; the token expires after 30 days.',
  },
  { label: 'tokenizer', field: 'tokenizer', value: 'whitespace' },
  { label: 'max_connections', field: 'max_connections', value: 10 },
  { label: 'cron_expression', field: 'cron_expression', value: '0 */1 * * *' },
];

/** The forms a leaked secret could take in a body or a log line. */
export function leakForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')];
}
