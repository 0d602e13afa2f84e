import { UserError } from '../user-error.js';
import { isCredentialKey } from './credential-keys.js';

/**
 * A dotted path into an input's configuration: `batch_size`, `parameters.1.value` or `parameters[1].value`
 * (an optional leading `configuration.` is dropped). Segments that are whole numbers index arrays.
 */
export function parseConfigPath(text: string): string[] {
  const segments = text
    .replace(/\[(\d+)\]/g, '.$1')
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

/** The value at `path`; undefined when some segment is absent. */
export function getAtPath(root: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (!isContainer(current)) return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[segment];
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
      const at = Number(segment);
      if (!Number.isInteger(at) || at < 0 || at > current.length) {
        throw new UserError(
          'bad_path',
          `\`${where}\`: the list has ${current.length} items (0 to ${current.length - 1}).`,
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
 * an object or list field JSON of the same shape; a string field takes the text as it is (`"true"` strings such as
 * `auto_map` stay strings). A new field is JSON when the text is JSON, else a string. Throws a UserError naming
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
  if (typeof current === 'boolean') {
    if (text.toLowerCase() === 'true') return true;
    if (text.toLowerCase() === 'false') return false;
    return refuse('a boolean (true or false)');
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
