import { describe, expect, it } from 'vitest';
import { scrubSecretEchoes, secretEchoes } from './secret-echoes.js';

const KEY = 'k3y/with+special~chars =&%';

describe('scrubSecretEchoes', () => {
  it.each([
    ['verbatim', KEY],
    ['encodeURIComponent', encodeURIComponent(KEY)],
    ['lower-case percent escapes', encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
    ['form encoding (+ for space)', new URLSearchParams({ key: KEY }).toString().slice(4)],
    ['JSON-escaped', JSON.stringify(KEY).slice(1, -1)],
    ['base64', Buffer.from(KEY).toString('base64')],
    ['base64url', Buffer.from(KEY).toString('base64url')],
    ['base64 inside Basic credentials', Buffer.from(`acme:${KEY}`).toString('base64')],
    ['base64 at another offset', Buffer.from(`ac:${KEY}!`).toString('base64')],
    ['base64url inside a longer text', Buffer.from(`xy${KEY}`).toString('base64url')],
  ])('scrubs the key %s', (_label, echo) => {
    const scrubbed = scrubSecretEchoes(`error: got ${echo} here`, KEY, '[redacted]');
    expect(scrubbed).toContain('[redacted]');
    expect(scrubbed).not.toContain(echo);
    expect(scrubbed.startsWith('error: got ')).toBe(true);
  });

  it('changes nothing when there is no secret or no echo of it', () => {
    expect(secretEchoes('')).toEqual([]);
    expect(scrubSecretEchoes('plain body', '', '[redacted]')).toBe('plain body');
    expect(scrubSecretEchoes('plain body', KEY, '[redacted]')).toBe('plain body');
  });
});
