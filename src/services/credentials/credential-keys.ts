/**
 * Which configuration keys hold credentials, decided on the key's words rather than on a list of exact names:
 * `dbPass`, `DB_PASS`, `x-api-key`, `ssh.key` and `privateKeyId` are credentials; `keys`, `primary_key`,
 * `key_column`, `monkey`, `consolidationKeys` and `passthrough` are not. Keys are split into lower-case words
 * on separators and camelCase humps, so spelling conventions do not matter.
 */

/** Words that make a key a credential wherever they stand in it (`db_password`, `authToken`, `ssl_cert`). */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set([
  'pass',
  'passwd',
  'password',
  'passwords',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'auth',
  'authorization',
  'authentication',
  'credential',
  'credentials',
  'cred',
  'creds',
  'private',
  'cert',
  'certs',
  'certificate',
  'certificates',
  'dsn',
  'connection',
  'connstr',
  'connstring',
  'cookie',
  'cookies',
  'bearer',
  'jwt',
  'oauth',
  'apikey',
  'apikeys',
  'privatekey',
  'accesskey',
  'secretkey',
  'sshkey',
  'authkey',
]);

/**
 * Endings that make a single run-together word a credential (`dbpassword`, `clientsecret`, `authtoken`, and the
 * lower-cased camelCase a snake_case converter leaves: `awssecretaccesskey`, `privatekeyid`).
 */
const CREDENTIAL_ENDINGS = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'sshkey',
  'authkey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'connectionstring',
];

/** Endings of a run-together key that still name the credential (`accesskeyid`, `privatekeyid`). */
const KEY_ID_SUFFIXES = ['id', 'ids'];

/** English words with a credential ending that are not credentials. */
const ORDINARY_WORDS: ReadonlySet<string> = new Set(['bypass', 'compass', 'overpass', 'underpass', 'surpass']);

/** `<word> key` is a secret key even where `key` alone would not be (`api_key_id`, `ssh_keys`). */
const SECRET_KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  'api',
  'secret',
  'private',
  'access',
  'ssh',
  'encryption',
  'signing',
  'sign',
  'master',
  'client',
  'account',
  'auth',
  'license',
  'licence',
  'service',
  'subscription',
  'app',
  'consumer',
  'gpg',
  'pgp',
  'rsa',
  'dsa',
  'ecdsa',
  'hmac',
  'aes',
  'crypto',
  'storage',
  'shared',
  'webhook',
  'write',
  'sas',
  'kms',
  'deploy',
]);

/** `<word> key` names a data key, not a secret (`primary_key`, `consolidationKeys`, `sortKeyIndex`, `s3_key`). */
const DATA_KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  'primary',
  'foreign',
  'sort',
  'dist',
  'distribution',
  'partition',
  'partitioning',
  'consolidation',
  'consolidated',
  'unique',
  'cluster',
  'clustering',
  'shard',
  'sharding',
  'join',
  'lookup',
  'cache',
  'object',
  'row',
  'hash',
  'routing',
  'dedup',
  'dedupe',
  'deduplication',
  'natural',
  'surrogate',
  'composite',
  'index',
  'merge',
  'upsert',
  'group',
  'grouping',
  'order',
  'ordering',
  'idempotency',
  'business',
  'map',
  'mapping',
  'json',
  'dict',
  'field',
  'column',
  'table',
  's3',
  'file',
  'bucket',
  'message',
  'event',
  'record',
  'sequence',
  'replication',
  'incremental',
  'update',
  'tie',
  'parent',
  'child',
  'redis',
]);

/**
 * Words that, after the credential word, say the key describes a credential rather than holding one
 * (`auth_type`, `password_length`, `token_expires_at`, `secret_name`, `connection_timeout`).
 */
const DESCRIPTOR_WORDS: ReadonlySet<string> = new Set([
  'type',
  'types',
  'mode',
  'method',
  'methods',
  'kind',
  'scheme',
  'provider',
  'enabled',
  'enable',
  'disabled',
  'required',
  'expires',
  'expiry',
  'expiration',
  'expire',
  'ttl',
  'timeout',
  'length',
  'count',
  'format',
  'version',
  'name',
  'names',
  'field',
  'fields',
  'column',
  'columns',
  'path',
  'dir',
  'directory',
  'location',
  'hint',
  'policy',
  'strength',
  'rules',
  'rotation',
  'rotated',
  'updated',
  'created',
  'size',
  'max',
  'min',
  'limit',
  'retries',
  'retry',
  'pool',
]);

/** The key's lower-case words: `privateKeyId` → private key id, `DB_PASS` → db pass, `x-api-key` → x api key. */
export function keyWords(key: string): string[] {
  return (
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      // `password2` → password, but `s3` stays s3.
      .map((word) => (/^[a-z]{3,}\d+$/.test(word) ? word.replace(/\d+$/, '') : word))
      .filter((word) => word !== '')
  );
}

function isCredentialWord(word: string): boolean {
  if (isCredentialStem(word)) return true;
  return KEY_ID_SUFFIXES.some((id) => word.endsWith(`key${id}`) && isCredentialStem(word.slice(0, -id.length)));
}

function isCredentialStem(word: string): boolean {
  if (CREDENTIAL_WORDS.has(word)) return true;
  if (ORDINARY_WORDS.has(word)) return false;
  return CREDENTIAL_ENDINGS.some((ending) => word.length > ending.length && word.endsWith(ending));
}

/** Whether `words[index]` (a `key`/`keys` word) names a secret key. */
function isSecretKeyWord(words: readonly string[], index: number): boolean {
  const word = words[index];
  const before = words[index - 1];
  if (before !== undefined && SECRET_KEY_QUALIFIERS.has(before)) return true;
  // A lone or trailing singular `key` is a secret unless a data word qualifies it (`db_key` yes, `sort_key` no);
  // `keys` and a `key` inside a longer name (`key_column`, `key_list`) are data keys.
  if (word !== 'key' || index !== words.length - 1) return false;
  return before === undefined || !DATA_KEY_QUALIFIERS.has(before);
}

/** Keys repeat (every log line, every snapshot has the same ones): decisions are remembered, up to a bound. */
const decided = new Map<string, boolean>();
const MAX_REMEMBERED = 2_000;

/** True when a value stored under `key` is a credential. */
export function isCredentialKey(key: string): boolean {
  const known = decided.get(key);
  if (known !== undefined) return known;
  const answer = decide(key);
  if (decided.size >= MAX_REMEMBERED) decided.clear();
  decided.set(key, answer);
  return answer;
}

function decide(key: string): boolean {
  const words = keyWords(key);
  let last = -1;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const secretKey = (word === 'key' || word === 'keys') && isSecretKeyWord(words, i);
    if (secretKey || isCredentialWord(word)) last = i;
  }
  if (last < 0) return false;
  return !words.slice(last + 1).some((word) => DESCRIPTOR_WORDS.has(word));
}
