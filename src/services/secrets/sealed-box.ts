import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for values that wait for approval (a secret's value, a credential): AES-256-GCM from node's
 * crypto, a random 96-bit IV per seal, the 128-bit auth tag checked on open. The text format is versioned so the
 * scheme can change without guessing: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 *
 * The AAD (additional authenticated data) binds a sealed value to what it was sealed for (e.g. `change:42`): it is
 * not stored in the text, and opening with any other AAD fails, so a sealed value copied to another request's row
 * cannot be opened there.
 */
export interface SealedBox {
  seal(plaintext: string, aad: string): string;
  /** Throws a SealedBoxError when the text is malformed, was tampered with, or was sealed with another key or AAD. */
  open(sealed: string, aad: string): string;
}

/** A key or a sealed text that cannot be used. Its message never contains key material or plaintext. */
export class SealedBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBoxError';
  }
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The 32-byte key from its configured text: 64 hex characters, or base64 / base64url of 32 bytes (`openssl rand
 * -base64 32`). Throws a SealedBoxError saying which forms are accepted (never echoing what was given).
 */
export function parseSealedBoxKey(keyMaterial: string): Buffer {
  const text = keyMaterial.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new SealedBoxError(
    `the key must be 32 bytes written as 64 hex characters or as base64 (44 characters, e.g. from \`openssl rand -base64 32\`); got ${describeLength(text)}`,
  );
}

function describeLength(text: string): string {
  return text.length === 0 ? 'an empty value' : `${text.length} characters that are neither`;
}

export function createSealedBox(keyMaterial: string): SealedBox {
  const key = parseSealedBoxKey(keyMaterial);
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : b64(part))).join('.');
    },

    open(sealed, aad) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new SealedBoxError(`not a sealed value of version ${VERSION}`);
      }
      const [iv, tag, ciphertext] = parts.slice(1).map(fromB64);
      if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) {
        throw new SealedBoxError('a damaged sealed value (bad IV, tag or ciphertext encoding)');
      }
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // GCM does not say which: a changed byte, another key, or another AAD all fail the tag check.
        throw new SealedBoxError(
          'the sealed value could not be opened: it was changed, or sealed with another key or for another request',
        );
      }
    },
  };
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function fromB64(text: string): Buffer | undefined {
  return BASE64URL.test(text) ? Buffer.from(text, 'base64url') : undefined;
}
