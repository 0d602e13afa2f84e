import { isJsonObject, type JsonValue } from '../json-value.js';

/**
 * Configuration keys whose values are credentials (Alooma input configurations carry `password`,
 * `awsSecretAccessKey`, `mixpanelApiSecret`, ...). Their values never go into a diff, the database or Slack.
 */
const secretKey = /passw(or)?d|passphrase|secret|token|api_?key|private_?key|credential|authorization|^auth$/i;

export const REDACTED = '••••••';

/** A copy of `value` with every credential-looking key's value replaced by a placeholder. */
export function redactSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isJsonObject(value)) return value;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = secretKey.test(key) && inner !== null && inner !== '' ? REDACTED : redactSecrets(inner);
  }
  return out;
}
