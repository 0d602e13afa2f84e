/**
 * The REST root every pipeline path is relative to (AP alooma.py:82-91): `<base>/rest/`, or
 * `<base>/<account>/rest/` when an account name is given. Trailing slashes on the base are dropped
 * in both cases, so `https://app.alooma.com/` does not produce `//rest/`.
 */
export function buildRestUrl(baseUrl: string, accountName?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return accountName ? `${base}/${quotePathSegment(accountName)}/rest/` : `${base}/rest/`;
}

/**
 * Python's `urllib.parse.quote(value, safe='')`, which the reference client applies to event-type
 * names: everything except `A-Z a-z 0-9 _ . - ~` is percent-encoded. `encodeURIComponent` also
 * leaves `! ' ( ) *` alone, so those are encoded here to match.
 */
export function quotePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
