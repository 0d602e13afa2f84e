import { isCredentialKey } from '../credentials/credential-keys.js';
import { UserError } from '../user-error.js';

/**
 * A dotted path into an input's configuration: `batch_size`, `parameters.1.value` or `parameters[1].value`
 * (an optional leading `configuration.` is dropped). Segments that are whole numbers index arrays; in a list of
 * request parameters a name selects the entry (`parameters.session_id.value`, managealooma's
 * edit_parameter_configuration).
 */
export function parseConfigPath(text: string): string[] {
  const segments = text
    .replace(/\[([^\].]+)\]/g, '.$1')
    .split('.')
    .map((segment) => segment.trim());
  if (segments[0] === 'configuration') segments.shift();
  if (segments.length === 0 || segments.some((segment) => segment === '')) {
    throw new UserError(
      'bad_path',
      `\`${text}\` is not a configuration path (use e.g. batch_size or parameters.1.value).`,
    );
  }
  return segments;
}

/** The first segment that names a credential (password, secret, token, key), or null. */
export function credentialSegment(path: readonly string[]): string | null {
  return path.find((segment) => isCredentialKey(segment)) ?? null;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** The index a segment names in a list: a whole number, or the entry whose `parameter` is the segment; -1 if none. */
function listIndex(list: readonly unknown[], segment: string): number {
  if (/^\d+$/.test(segment)) return Number(segment);
  return list.findIndex((entry) => isContainer(entry) && !Array.isArray(entry) && entry.parameter === segment);
}

/** The value at `path`; undefined when some segment is absent. */
export function getAtPath(root: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (!isContainer(current)) return undefined;
    current = Array.isArray(current) ? current[listIndex(current, segment)] : current[segment];
  }
  return current;
}

/**
 * A copy of `root` with `value` at `path`. Missing objects on the way are created; an array is only indexed within its
 * length (or one past its end, to append), so a typo cannot create a sparse array. Throws a UserError naming the path.
 */
export function setAtPath(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(root);
  let current: Container = copy;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    const where = path.slice(0, index + 1).join('.');
    if (Array.isArray(current)) {
      const at = listIndex(current, segment);
      if (at < 0 || at > current.length) {
        const named = current.flatMap((entry) =>
          isContainer(entry) && !Array.isArray(entry) && typeof entry.parameter === 'string' ? [entry.parameter] : [],
        );
        throw new UserError(
          'bad_path',
          `\`${where}\`: the list has ${current.length} items (0 to ${current.length - 1}${named.length > 0 ? `, or a parameter: ${named.join(', ')}` : ''}).`,
        );
      }
      if (last) current[at] = value;
      else {
        current[at] ??= {};
        const next: unknown = current[at];
        if (!isContainer(next)) throw new UserError('bad_path', `\`${where}\` is a value, not an object or list.`);
        current = next;
      }
      continue;
    }
    if (last) current[segment] = value;
    else {
      current[segment] ??= {};
      const next: unknown = current[segment];
      if (!isContainer(next)) throw new UserError('bad_path', `\`${where}\` is a value, not an object or list.`);
      current = next;
    }
  }
  return copy;
}

/**
 * Reads the text typed for a field as the field's type: a number field takes a number, a boolean field true/false,
 * an object or list field JSON of the same shape (a `"true"`/`"false"` string such as `auto_map` takes true/false and
 * stays a string); any other string field takes the text as it is. A new field is JSON when the text is JSON, else a string. Throws a UserError naming
 * the field and the expected type.
 */
export function typedValue(field: string, current: unknown, text: string): unknown {
  const json = (): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const refuse = (expected: string): never => {
    throw new UserError('bad_value', `\`${field}\` holds ${expected}; \`${text}\` is not ${expected}.`);
  };
  if (typeof current === 'number') {
    const value = Number(text);
    return text.trim() !== '' && Number.isFinite(value) ? value : refuse('a number');
  }
  if (typeof current === 'boolean' || current === 'true' || current === 'false') {
    // `"true"`/`"false"` strings (the API's auto_map) are booleans too, and keep their string form.
    const word = text.toLowerCase();
    if (word !== 'true' && word !== 'false') return refuse('a boolean (true or false)');
    return typeof current === 'boolean' ? word === 'true' : word;
  }
  if (Array.isArray(current)) {
    const value = json();
    return Array.isArray(value) ? value : refuse('a JSON list');
  }
  if (typeof current === 'object' && current !== null) {
    const value = json();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : refuse('a JSON object');
  }
  if (typeof current === 'string') return text;
  const value = json();
  return value === undefined ? text : value;
}
