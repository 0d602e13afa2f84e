/**
 * The forms in which a server may echo a known secret (the pipeline API key) back in an error body: verbatim,
 * URL-encoded (`encodeURIComponent` and the form encoding with `+`), JSON-escaped, and base64/base64url encoded —
 * alone or inside a longer base64 text at any byte offset (as in `Basic base64(account:key)`).
 */

/** Shortest base64 fragment worth matching: shorter ones would mask unrelated text. */
const MIN_FRAGMENT = 8;

function withLowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (percent) => percent.toLowerCase());
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The base64 characters that encode `secret` whatever its offset in a longer text: for each of the three
 * alignments, the characters whose six bits all come from the secret.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const fragments: string[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const first = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * (shift + bytes.length)) / 6);
    const fragment = encoded.slice(first, end);
    if (fragment.length >= MIN_FRAGMENT) fragments.push(fragment);
  }
  return fragments;
}

/** Every text form of `secret` to scrub, longest first so that a longer form is replaced whole. */
export function secretEchoes(secret: string): string[] {
  if (secret === '') return [];
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const forms = [
    secret,
    uri,
    withLowerHex(uri),
    form,
    withLowerHex(form),
    JSON.stringify(secret).slice(1, -1),
    base64,
    toBase64Url(base64).replace(/=+$/, ''),
    ...base64Fragments(secret).flatMap((fragment) => [fragment, toBase64Url(fragment)]),
  ];
  return [...new Set(forms)].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

/** `text` with every echo of `secret` replaced by `placeholder`. */
export function scrubSecretEchoes(text: string, secret: string, placeholder: string): string {
  let out = text;
  for (const echo of secretEchoes(secret)) out = out.split(echo).join(placeholder);
  return out;
}
