import { copyAsJson, isJsonObject, type JsonValue, jsonEqual, setOwnKey } from '../json-value.js';
import { isCredentialKey } from './credential-keys.js';
import { isCredentialPair, isPairField, maskCredentialText, pairNameField } from './credential-values.js';
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

/**
 * maskCredentials(toJsonValue(value)) in one walk: the copy a snapshot needs and the masking it must have, without
 * first copying a 5,000-field mapping only to copy it again while masking (~10 ms and its garbage, several times per
 * change). Plain objects and arrays are walked as they are; anything JSON would transform (Dates, boxed values,
 * `toJSON`, class instances) is converted first, then masked.
 */
export function maskedJsonCopy(value: unknown, placeholder: string = REDACTED): JsonValue {
  const masked = maskAny(value ?? null, placeholder) ?? null;
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

/** An array or an object JSON.stringify writes key by key as it is (no toJSON, Object's or no prototype). */
export function isPlainContainer(value: object): boolean {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * maskValue over any value, normalised to JSON on the way (undefined: JSON writes nothing for it): what
 * maskedJsonCopy makes of a value inside the one it copies.
 */
export function maskAny(value: unknown, placeholder: string = REDACTED): JsonValue | undefined {
  if (typeof value === 'string') return maskCredentialString(value, placeholder);
  if (typeof value !== 'object' || value === null || !isPlainContainer(value)) {
    const json = copyAsJson(value);
    return json === undefined ? undefined : maskValue(json, placeholder);
  }
  if (Array.isArray(value)) return Array.from(value, (item) => maskAny(item, placeholder) ?? null);
  const object = value as Record<string, unknown>;
  const rules = memberRules(object);
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(object)) {
    const masked = maskedMember(key, object[key], rules, placeholder);
    if (masked !== undefined) setOwnKey(out, key, masked);
  }
  return out;
}

/** How an object's members are masked: the member naming a pair is kept as is; a credential pair's `value` is masked. */
export interface MemberRules {
  readonly nameField: string | undefined;
  readonly secretPair: boolean;
}

/** The rules of an object that is no pair (has no `value`): most objects, so not allocated for each. */
const NOT_A_PAIR: MemberRules = Object.freeze({ nameField: undefined, secretPair: false });

export function memberRules(object: Record<string, unknown>): MemberRules {
  if (!('value' in object)) return NOT_A_PAIR;
  // The pair checks look at the name fields as JSON has them (a Date name is a string) and at whether JSON keeps
  // `value` (an undefined value is no value), never at what `value` holds: it is not copied (a pair's value may be
  // a large document, and nested pairs would copy it once per level).
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === 'value') {
      if (writtenAsJson(object[key])) view[key] = true;
    } else if (isPairField(key)) {
      const json = copyAsJson(object[key]);
      if (json !== undefined) view[key] = json;
    }
  }
  return { nameField: pairNameField(view), secretPair: isCredentialPair(view) };
}

/** Whether JSON.stringify writes `value` as a member at all (copyAsJson(value) !== undefined), mostly without copying. */
function writtenAsJson(value: unknown): boolean {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return copyAsJson(value) !== undefined;
  }
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** True for a member masked by masking what it holds (not the pair's name, kept as is; not a credential, masked whole). */
export function isNestedMember(key: string, rules: MemberRules): boolean {
  return key !== rules.nameField && !((rules.secretPair && key === 'value') || isCredentialKey(key));
}

/** One member of a plain object as maskedJsonCopy writes it (undefined: left out). */
export function maskedMember(
  key: string,
  inner: unknown,
  rules: MemberRules,
  placeholder: string = REDACTED,
): JsonValue | undefined {
  if (key === rules.nameField) return copyAsJson(inner);
  if (isNestedMember(key, rules)) return maskAny(inner, placeholder);
  const json = copyAsJson(inner);
  return json === undefined ? undefined : maskWhole(json, placeholder);
}

function maskValue(value: JsonValue, placeholder: string): JsonValue {
  if (typeof value === 'string') return maskCredentialString(value, placeholder);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, placeholder));
  if (!isJsonObject(value)) return value;
  const rules = memberRules(value);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === rules.nameField) setOwnKey(out, key, inner);
    else if (isNestedMember(key, rules)) setOwnKey(out, key, maskValue(inner, placeholder));
    else setOwnKey(out, key, maskWhole(inner, placeholder));
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
