import { isCredentialKey } from './credential-keys.js';
import { isMaskedValue, REDACTED } from './placeholder.js';

/**
 * Credentials recognised by what they look like, wherever they sit in a string: PEM blocks, JWTs, well-known
 * token formats, the password in URL userinfo, `Authorization: Bearer …` and `<credential key>=<value>` /
 * `"<credential key>": "<value>"` (query strings, DSNs, JSON text, header lines). Each pattern is anchored on a
 * literal or a word start, so masking stays linear in the text's length.
 */

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----[\s\S]*?(?:-----END \1-----|$)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** Slack, GitHub, GitLab and Stripe tokens: the prefix stays, it says which kind of token leaked. */
const PREFIXED_TOKEN = /\b(xox[abposr]-|xapp-|gh[pousr]_|github_pat_|glpat-|sk_live_|sk_test_|rk_live_)[A-Za-z0-9_-]+/g;
const AWS_ACCESS_KEY_ID = /\bAKIA[0-9A-Z]{16}\b/g;
const GOOGLE_API_KEY = /\bAIza[0-9A-Za-z_-]{35}/g;
/** `scheme://user:password@host`; the password may hold `@` or `:` but not `/`, `?`, `#` (they end the authority). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/?#@'"<>]*):([^\s/?#'"<>]*)@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;
const AUTH_SCHEMES = 'bearer|basic|digest|api|apikey|token|bot|jwt|ssws|oauth|negotiate';
/** `<name><sep>`: the name optionally quoted (also `\\"`-quoted, as in JSON inside a JSON string), then `=` or `:`. */
const NAME_AND_SEPARATOR = /(?<![\w.-])(\\?["']|)([A-Za-z_][\w.-]{0,80})\1\s*[:=]\s*/g;
/** The value after a credential name: an optional auth scheme, then a quoted or bare value. */
const NAMED_VALUE = new RegExp(
  `(?:(?:${AUTH_SCHEMES})\\s+)?("(?:[^"\\\\\\n]|\\\\.)*"|\\\\"(?:[^"\\\\]|\\\\[^"])*\\\\"|'[^'\\n]*'|[^\\s,;&'"<>)\\]}]+)`,
  'iy',
);

/** Bare JSON literals say "no credential set" and stay visible, as in structured values. */
const LITERALS: ReadonlySet<string> = new Set(['null', 'true', 'false', '""', "''"]);

function unquoted(value: string): string {
  if (value.startsWith('\\"')) return value.slice(2, -2);
  return value.startsWith('"') || value.startsWith("'") ? value.slice(1, -1) : value;
}

function maskQuoted(value: string, placeholder: string): string {
  if (value.startsWith('\\"')) return `\\"${placeholder}\\"`;
  if (value.startsWith('"') || value.startsWith("'")) return `${value[0]}${placeholder}${value[0]}`;
  return placeholder;
}

/** Something every pattern below needs: most strings (ids, names, labels) have none and are returned at once. */
const MAYBE_CREDENTIAL = /[:=]|-----|eyJ|xox|xapp|gh[pousr]_|github_pat_|glpat-|_live_|_test_|AKIA|AIza|Bearer/;

/** `text` with every credential it visibly contains replaced by `placeholder`. */
export function maskCredentialText(text: string, placeholder: string = REDACTED): string {
  if (!MAYBE_CREDENTIAL.test(text)) return text;
  const masked = text
    .replace(PEM_BLOCK, (_match, label: string) => `-----BEGIN ${label}-----${placeholder}-----END ${label}-----`)
    .replace(JWT, placeholder)
    .replace(PREFIXED_TOKEN, (_match, prefix: string) => `${prefix}${placeholder}`)
    .replace(AWS_ACCESS_KEY_ID, placeholder)
    .replace(GOOGLE_API_KEY, placeholder)
    .replace(URL_USERINFO, (_match, scheme: string, user: string) => `${scheme}${user}:${placeholder}@`)
    .replace(BEARER, (_match, scheme: string) => `${scheme}${placeholder}`);
  return maskNamedValues(masked, placeholder);
}

/**
 * `<credential name>=<value>` and `"<credential name>": "<value>"` anywhere in the text. A hand-driven scan:
 * after a name that is not a credential the search resumes right after its separator, so that
 * `https://x/?api_key=…` still finds `api_key` inside what would otherwise be the value of `https`.
 */
function maskNamedValues(text: string, placeholder: string): string {
  let out = '';
  let copied = 0;
  NAME_AND_SEPARATOR.lastIndex = 0;
  for (let name = NAME_AND_SEPARATOR.exec(text); name; name = NAME_AND_SEPARATOR.exec(text)) {
    if (!isCredentialKey(name[2] ?? '')) continue;
    const valueStart = name.index + name[0].length;
    NAMED_VALUE.lastIndex = valueStart;
    const value = NAMED_VALUE.exec(text);
    const bare = value?.[1];
    if (!value || bare === undefined || LITERALS.has(bare.toLowerCase()) || isMaskedValue(unquoted(bare))) continue;
    const scheme = value[0].slice(0, value[0].length - bare.length);
    out += `${text.slice(copied, valueStart)}${scheme}${maskQuoted(bare, placeholder)}`;
    copied = valueStart + value[0].length;
    NAME_AND_SEPARATOR.lastIndex = copied;
  }
  return out + text.slice(copied);
}

/** Fields that name a `{name, value}` pair: header lists, parameter lists, environment variables. */
const PAIR_NAME_FIELDS = ['name', 'key', 'parameter', 'param', 'header', 'field', 'label', 'variable', 'var'];

/**
 * For an object that is a name/value pair (`{"name": "Authorization", "value": …}`,
 * `{"parameter": "api_key", "type": "Text", "value": …}`): the field that holds the pair's name.
 */
/** A key that can name a name/value pair (`name`, `key`, `header`, …). */
export function isPairField(key: string): boolean {
  return PAIR_NAME_FIELDS.includes(key);
}

export function pairNameField(object: { readonly [key: string]: unknown }): string | undefined {
  if (!('value' in object)) return undefined;
  return PAIR_NAME_FIELDS.find((field) => typeof object[field] === 'string');
}

/** True when `object` is a name/value pair whose name is a credential key, so its `value` is a credential. */
export function isCredentialPair(object: { readonly [key: string]: unknown }): boolean {
  const field = pairNameField(object);
  return field !== undefined && isCredentialKey(object[field] as string);
}
