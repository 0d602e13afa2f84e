import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskableValue } from '../../../test/services/credentials/maskable-values.js';
import { type PathSegment, valueAtSegments } from '../json-path.js';
import { isJsonObject, type JsonValue, jsonEqual, setOwnKey, toJsonValue } from '../json-value.js';
import { createSeedData } from '../sandbox/sandbox-seed.js';
import { maskedJsonCopy } from './mask-credentials.js';
import { equalsMaskedCopy, maskedCopyValueAt } from './masked-copy-reads.js';
import { REDACTED } from './placeholder.js';

/** Every path into a JSON document, the document's own included, each also one step too deep. */
function pathsOf(doc: JsonValue, prefix: PathSegment[] = []): PathSegment[][] {
  const paths = [prefix, [...prefix, { key: 'missing' }], [...prefix, { index: 0 }]];
  if (Array.isArray(doc)) {
    for (const [index, item] of doc.entries()) paths.push(...pathsOf(item, [...prefix, { index }]));
  } else if (isJsonObject(doc))
    for (const key of Object.keys(doc)) paths.push(...pathsOf(doc[key] as JsonValue, [...prefix, { key }]));
  return paths;
}

/** `doc` with the value at `path` replaced (or, with `undefined`, removed); the root replaced for `[]`. */
function withValueAt(doc: JsonValue, path: PathSegment[], value: JsonValue | undefined): JsonValue {
  const [first, ...rest] = path;
  if (first === undefined) return value ?? null;
  if ('index' in first) {
    if (!Array.isArray(doc) || first.index >= doc.length) return doc;
    const copy = [...doc];
    copy[first.index] = withValueAt(doc[first.index] as JsonValue, rest, value ?? null);
    return copy;
  }
  if (!isJsonObject(doc) || !Object.hasOwn(doc, first.key)) return doc;
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(doc)) {
    const inner =
      key === first.key ? (rest.length === 0 ? value : withValueAt(doc[key] as JsonValue, rest, value)) : doc[key];
    if (inner !== undefined) setOwnKey(copy, key, inner);
  }
  return copy;
}

const text = (value: JsonValue | undefined) => JSON.stringify(value) ?? 'undefined';

/** Near misses of a value's masked copy: one value changed or removed, or the unmasked value at that place. */
const valueWithNearMiss = maskableValue.chain((value) => {
  const copy = maskedJsonCopy(value);
  const paths = pathsOf(copy).filter((path) => valueAtSegments(copy, path) !== undefined);
  return fc.record({
    value: fc.constant(value),
    path: fc.constantFrom(...paths),
    replacement: fc.oneof(
      fc.constantFrom<JsonValue | undefined>(undefined, null, 'x', 0, REDACTED, {}, []),
      fc.constant(toJsonValue(value)),
    ),
  });
});

describe('equalsMaskedCopy', () => {
  it('is true for the masked copy of the value itself', () => {
    fc.assert(
      fc.property(maskableValue, (value) => {
        expect(equalsMaskedCopy(value, maskedJsonCopy(value))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers as comparing the masked copy would, for near misses and the unmasked value', () => {
    fc.assert(
      fc.property(valueWithNearMiss, ({ value, path, replacement }) => {
        const copy = maskedJsonCopy(value);
        const unmasked = toJsonValue(value);
        const nearMiss = withValueAt(
          copy,
          path,
          replacement === unmasked ? valueAtSegments(unmasked, path) : replacement,
        );
        expect(equalsMaskedCopy(value, nearMiss)).toBe(jsonEqual(copy, nearMiss));
        expect(equalsMaskedCopy(value, unmasked)).toBe(jsonEqual(copy, unmasked));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not take a credential for its mask, nor the reverse', () => {
    const resource = {
      name: 'db',
      configuration: { password: 'hunter2', headers: [{ name: 'Authorization', value: 'Bearer abcdefghijkl' }] },
    };
    expect(equalsMaskedCopy(resource, toJsonValue(resource))).toBe(false);
    expect(equalsMaskedCopy(resource, maskedJsonCopy(resource))).toBe(true);
    const seed = createSeedData();
    expect(equalsMaskedCopy(seed, maskedJsonCopy(seed))).toBe(true);
  });
});

describe('maskedCopyValueAt', () => {
  it('reads what the masked copy holds at any path, masked values, missing and too-deep paths included', () => {
    fc.assert(
      fc.property(maskableValue, (value) => {
        const copy = maskedJsonCopy(value);
        for (const path of [...pathsOf(copy), ...pathsOf(toJsonValue(value))]) {
          expect(text(maskedCopyValueAt(value, path))).toBe(text(valueAtSegments(copy, path)));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('masks what it reads: a credential member, a pair value, a secret inside a string', () => {
    const resource = {
      password: 'hunter2',
      headers: [{ name: 'Authorization', value: 'Bearer abcdefghijkl' }],
      dsn: 'postgres://u:hunter2@db/x',
    };
    expect(maskedCopyValueAt(resource, [{ key: 'password' }])).toBe(REDACTED);
    expect(maskedCopyValueAt(resource, [{ key: 'headers' }, { index: 0 }, { key: 'value' }])).toBe(REDACTED);
    expect(maskedCopyValueAt(resource, [{ key: 'headers' }, { index: 0 }, { key: 'name' }])).toBe('Authorization');
    expect(maskedCopyValueAt(resource, [{ key: 'dsn' }])).not.toContain('hunter2');
  });
});
