import { fromJs, PyDict, PyFloat, PyTuple, type PyValue } from '../../transforms/index.js';
import { maskCredentials } from '../credentials/mask-credentials.js';
import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';

/**
 * A sample event with its credential-looking fields masked (maskCredentials' rules), for showing it in Slack.
 * Top-level fields maskCredentials leaves alone are kept exactly (key order, `25.0`); a field it masks anything in is
 * replaced by the masked JSON value, so masking by key, by `{name, value}` pair and by value all apply.
 */
export function maskSample(event: PyDict): PyDict {
  const whole = toJson(event);
  const masked = maskCredentials(whole);
  if (jsonEqual(whole, masked)) return event;
  if (!isJsonObject(whole) || !isJsonObject(masked)) return PyDict.fromEntries([['sample', fromJs(masked)]]);
  const out = new PyDict();
  for (const [key, value] of event.entryList()) {
    const name = String(key);
    out.set(key, jsonEqual(whole[name], masked[name]) ? value : fromJs(masked[name] ?? null));
  }
  return out;
}

/** The Python value as plain JSON (floats as numbers, tuples as lists, NaN/Infinity as null). */
function toJson(value: PyValue): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? value.value : null;
  if (value instanceof PyTuple) return value.items.map(toJson);
  if (Array.isArray(value)) return value.map(toJson);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of value.entryList()) out[String(key)] = toJson(item);
  return out;
}
