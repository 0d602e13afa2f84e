import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';
import { isCredentialKey } from './credential-keys.js';
import { isCredentialPair, maskCredentialText, pairNameField } from './credential-values.js';
import { isMaskedValue, REDACTED } from './placeholder.js';

/**
 * A copy of `value` with every credential masked, by key (`password`, `dbPass`, `x-api-key`, a `{name, value}`
 * pair named `Authorization`) and by value (URL userinfo, PEM blocks, JWTs, `password=…` in text, JSON inside a
 * string). Apply it before a value is stored, posted or logged.
 */
export function maskCredentials(value: JsonValue, placeholder: string = REDACTED): JsonValue {
  const masked = maskValue(value, placeholder);
  if (placeholder === REDACTED && typeof masked === 'object' && masked !== null) maskedOutputs.add(masked);
  return masked;
}

/** Objects maskCredentials returned (with the standard placeholder): masking one again changes nothing. */
const maskedOutputs = new WeakSet<object>();

/**
 * maskCredentials, skipped for a value that maskCredentials itself returned: the change service masks every
 * snapshot, and most kinds' snapshots come masked already (a second walk of a 5,000-field mapping cost ~10 ms).
 */
export function ensureMasked(value: JsonValue): JsonValue {
  return typeof value === 'object' && value !== null && maskedOutputs.has(value) ? value : maskCredentials(value);
}

function maskValue(value: JsonValue, placeholder: string): JsonValue {
  if (typeof value === 'string') return maskCredentialString(value, placeholder);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, placeholder));
  if (!isJsonObject(value)) return value;
  const nameField = pairNameField(value);
  const secretPair = isCredentialPair(value);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === nameField) out[key] = inner;
    else if ((secretPair && key === 'value') || isCredentialKey(key)) out[key] = maskWhole(inner, placeholder);
    else out[key] = maskValue(inner, placeholder);
  }
  return out;
}

/**
 * A credential key's value, masked whole. Empty values, null and booleans stay visible: "no password set" and
 * `auth: true` are worth reviewing and reveal nothing; so does a value that already is a mask.
 */
function maskWhole(value: JsonValue, placeholder: string): JsonValue {
  if (value === null || value === '' || typeof value === 'boolean') return value;
  if (typeof value === 'string' && isMaskedValue(value)) return value;
  if (Array.isArray(value) && value.length === 0) return value;
  if (isJsonObject(value) && Object.keys(value).length === 0) return value;
  return placeholder;
}

/**
 * A string value: JSON text (a service-account key file, a `{"password": …}` blob) is parsed, masked and
 * re-serialised — only when something was masked, so harmless JSON strings keep their exact text; anything
 * else is masked as text.
 */
function maskCredentialString(text: string, placeholder: string): string {
  const parsed = parseJsonContainer(text);
  if (parsed === undefined) return maskCredentialText(text, placeholder);
  const masked = maskValue(parsed, placeholder);
  return jsonEqual(masked, parsed) ? text : JSON.stringify(masked);
}

function parseJsonContainer(text: string): JsonValue | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    const parsed = JSON.parse(text) as JsonValue;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}
