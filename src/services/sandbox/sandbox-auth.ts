import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * True when the request carries `authorization: API <key>` (the reference client's API-key mode).
 * Compared through hashes in constant time, so the answer time does not leak the key.
 */
export function hasApiKey(headers: IncomingHttpHeaders, apiKey: string): boolean {
  const given = headers.authorization;
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(`API ${apiKey}`));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
