import { maskedJsonCopy } from '../credentials/mask-credentials.js';
import type { JsonValue } from '../json-value.js';

/**
 * The snapshot of a kind whose resource is stored and shown as it is, masked (a mapping): `snapshot: maskedAsIs`.
 * The change service recognises it and reads such a resource for its checks without copying it first
 * (resource-reading.ts).
 */
export function maskedAsIs(resource: unknown): JsonValue {
  return maskedJsonCopy(resource);
}
