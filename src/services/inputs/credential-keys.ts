import { REDACTED, redactSecrets } from '../changes/redact-secrets.js';
import { isJsonObject, type JsonValue } from '../json-value.js';

/**
 * Configuration keys that hold credentials (password, secret, token, key): `input set` refuses them on the command
 * line, `input create` never copies their values through pipeops, and reviewers see them masked. Broader than
 * redactSecrets on purpose (`ssh_key`, `awsAccessKeyId`), but `primary_keys` and `page_parameter` are not credentials.
 */
const CREDENTIAL_WORDS =
  /passw(or)?d|passphrase|secret|token|api_?key|private_?key|access_?key|credential|authorization|^auth$|^key$|_key$/i;
/** camelCase `...Key` / `...KeyId` (`mixpanelApiKey`, `awsAccessKeyId`); case-sensitive so `monkey` is not one. */
const CAMEL_KEY = /[a-z0-9]Key(Id)?$/;

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_WORDS.test(key) || CAMEL_KEY.test(key);
}

/** redactSecrets, plus every key isCredentialKey names: what reviewers see of an input's configuration. */
export function maskCredentials(value: JsonValue): JsonValue {
  const redacted = redactSecrets(value);
  const walk = (node: JsonValue): JsonValue => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isJsonObject(node)) return node;
    const out: { [key: string]: JsonValue } = {};
    for (const [key, inner] of Object.entries(node)) {
      out[key] = isCredentialKey(key) && inner !== null && inner !== '' ? REDACTED : walk(inner);
    }
    return out;
  };
  return walk(redacted);
}
