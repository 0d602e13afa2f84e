/**
 * Text PostgreSQL cannot store (a NUL character; a UTF-16 surrogate without its pair, which JSON can carry as
 * `\ud800` but UTF-8 cannot encode). Such text is refused where it enters, with a message saying why, rather
 * than failing later in the database.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

export const UNSTORABLE_TEXT_MESSAGE =
  'contains a NUL character or broken Unicode (a lone surrogate), which cannot be stored';

/** The path (keys from the root) of the first string in `value` that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key];
    const found = findUnstorableText(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
