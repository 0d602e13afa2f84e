import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealedBox, parseSealedBoxKey, SealedBoxError } from './sealed-box.js';

const KEY_BYTES = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const HEX_KEY = KEY_BYTES.toString('hex');
const BASE64_KEY = KEY_BYTES.toString('base64');
const CANARY = 'canary-hunter2-ÄÖ-🦆';

/** Flips one bit of one base64url part of a sealed text (1 = IV, 2 = tag, 3 = ciphertext). */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('parseSealedBoxKey', () => {
  it('accepts 64 hex characters, base64 and base64url of 32 bytes (padded or not, surrounding blanks ignored)', () => {
    expect(parseSealedBoxKey(HEX_KEY)).toEqual(KEY_BYTES);
    expect(parseSealedBoxKey(HEX_KEY.toUpperCase())).toEqual(KEY_BYTES);
    expect(parseSealedBoxKey(BASE64_KEY)).toEqual(KEY_BYTES);
    expect(parseSealedBoxKey(BASE64_KEY.replace(/=+$/, ''))).toEqual(KEY_BYTES);
    const urlKey = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(urlKey).toMatch(/[-_]/);
    expect(parseSealedBoxKey(` ${urlKey}\n`)).toEqual(Buffer.alloc(32, 0xfb));
  });

  it.each([
    ['empty', ''],
    ['too short hex', HEX_KEY.slice(2)],
    ['hex with a non-hex character', `${HEX_KEY.slice(1)}g`],
    ['base64 of 16 bytes', randomBytes(16).toString('base64')],
    ['base64 of 48 bytes', randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
  ])('refuses %s with a message that names the accepted forms and not the key', (_name, key) => {
    let caught: unknown;
    try {
      parseSealedBoxKey(key);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SealedBoxError);
    const message = (caught as Error).message;
    expect(message).toContain('64 hex characters');
    expect(message).toContain('base64');
    if (key.length >= 4) expect(message).not.toContain(key);
  });
});

describe('createSealedBox', () => {
  const box = createSealedBox(HEX_KEY);

  it('opens what it sealed, for the same AAD, with unicode and empty plaintexts', () => {
    expect(box.open(box.seal(CANARY, 'change:1'), 'change:1')).toBe(CANARY);
    expect(box.open(box.seal('', 'change:1'), 'change:1')).toBe('');
    expect(createSealedBox(BASE64_KEY).open(box.seal(CANARY, 'a'), 'a')).toBe(CANARY);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url with a fresh IV each time and no plaintext in it', () => {
    const first = box.seal(CANARY, 'change:1');
    const second = box.seal(CANARY, 'change:1');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    for (const text of [first, second]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(Buffer.from(CANARY).toString('base64url'));
      expect(text).not.toContain(Buffer.from(CANARY).toString('hex'));
    }
  });

  it.each([1, 2, 3] as const)('detects a changed bit in part %i (IV, tag, ciphertext)', (part) => {
    const sealed = box.seal(CANARY, 'change:7');
    expect(() => box.open(tamper(sealed, part), 'change:7')).toThrow(SealedBoxError);
  });

  it('refuses another AAD: a sealed value moved to another request cannot be opened there', () => {
    const sealed = box.seal(CANARY, 'change:7');
    expect(() => box.open(sealed, 'change:8')).toThrow(/another request/);
    expect(() => box.open(sealed, '')).toThrow(SealedBoxError);
  });

  it('refuses a value sealed with another key', () => {
    const other = createSealedBox(randomBytes(32).toString('hex'));
    expect(() => other.open(box.seal(CANARY, 'x'), 'x')).toThrow(/another key/);
  });

  it.each([
    ['no version', (s: string) => s.slice(3)],
    ['another version', (s: string) => `v2${s.slice(2)}`],
    ['a missing part', (s: string) => s.split('.').slice(0, 3).join('.')],
    ['a short IV', (s: string) => s.replace(/^v1\.[^.]{4}/, 'v1.')],
    ['a non-base64url character', (s: string) => `${s}!`],
  ])('refuses a malformed text (%s) with an error that holds no plaintext', (_name, damage) => {
    const damaged = damage(box.seal(CANARY, 'x'));
    let caught: unknown;
    try {
      box.open(damaged, 'x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SealedBoxError);
    expect((caught as Error).message).not.toContain(CANARY);
  });

  it('refuses to be made from a bad key', () => {
    expect(() => createSealedBox('short')).toThrow(SealedBoxError);
  });
});
