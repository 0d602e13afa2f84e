import { type PathSegment, valueAtSegments } from '../json-path.js';
import { isJsonObject, type JsonValue, jsonEqual } from '../json-value.js';
import {
  isNestedMember,
  isPlainContainer,
  maskAny,
  maskedJsonCopy,
  maskedMember,
  memberRules,
} from './mask-credentials.js';

/**
 * Questions about maskedJsonCopy(value) answered on `value` itself, without making the copy: whether it equals a
 * stored snapshot, and what it holds at a path. Checking a 5,000-field mapping read back from the pipeline against
 * its plan cost a full masked copy (~15 ms and its garbage) per read; these walk only what they must and copy only
 * what they return. Each gives exactly what the copy would (property-tested against it).
 */

/** jsonEqual(maskedJsonCopy(value), expected). */
export function equalsMaskedCopy(value: unknown, expected: JsonValue): boolean {
  // At the top, what JSON writes nothing for (a function) is null, as maskedJsonCopy has it.
  return isWalkable(value) ? equalsMasked(value, expected) : jsonEqual(maskAny(value) ?? null, expected);
}

/** valueAtSegments(maskedJsonCopy(value), segments). */
export function maskedCopyValueAt(value: unknown, segments: readonly PathSegment[]): JsonValue | undefined {
  let current: unknown = value ?? null;
  for (let step = 0; step < segments.length; step++) {
    const segment = segments[step] as PathSegment;
    if (!isWalkable(current)) return valueAtSegments(maskedJsonCopy(current), segments.slice(step));
    let inner: unknown;
    let masked: JsonValue | undefined;
    if ('index' in segment) {
      if (!Array.isArray(current) || segment.index >= current.length) return undefined;
      inner = current[segment.index];
      if (!isWalkable(inner)) masked = maskAny(inner) ?? null;
    } else {
      if (Array.isArray(current) || !Object.prototype.propertyIsEnumerable.call(current, segment.key)) return undefined;
      const object = current as Record<string, unknown>;
      inner = object[segment.key];
      const rules = memberRules(object);
      if (!isWalkable(inner) || !isNestedMember(segment.key, rules)) {
        masked = maskedMember(segment.key, inner, rules);
        if (masked === undefined) return undefined;
      }
    }
    if (masked !== undefined) return valueAtSegments(masked, segments.slice(step + 1));
    current = inner;
  }
  return maskAny(current) ?? null;
}

/** A plain array or object: masked by walking it as it is (anything else is converted to JSON first). */
function isWalkable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && isPlainContainer(value);
}

/** jsonEqual(maskAny(value), expected), where undefined (JSON writes nothing) equals only undefined. */
function equalsMasked(value: unknown, expected: JsonValue | undefined): boolean {
  if (!isWalkable(value)) return jsonEqual(maskAny(value), expected);
  if (Array.isArray(value)) {
    if (!Array.isArray(expected) || expected.length !== value.length) return false;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // In an array, what JSON writes nothing for is null.
      const same = isWalkable(item) ? equalsMasked(item, expected[i]) : jsonEqual(maskAny(item) ?? null, expected[i]);
      if (!same) return false;
    }
    return true;
  }
  if (!isJsonObject(expected)) return false;
  const object = value as Record<string, unknown>;
  const rules = memberRules(object);
  let written = 0;
  for (const key of Object.keys(object)) {
    const inner = object[key];
    if (isWalkable(inner) && isNestedMember(key, rules)) {
      written++;
      if (!(key in expected) || !equalsMasked(inner, expected[key])) return false;
      continue;
    }
    const masked = maskedMember(key, inner, rules);
    if (masked === undefined) continue;
    written++;
    if (!(key in expected) || !jsonEqual(masked, expected[key])) return false;
  }
  return written === Object.keys(expected).length;
}
