import { jsonDumps, PyDict, type PyValue, pyRepr } from '../../transforms/index.js';

/** One difference between two events (Python values), at a nested path like `a_dictionary.one` or `items[2]`. */
export type EventChange =
  | { kind: 'added'; path: string; after: PyValue }
  | { kind: 'removed'; path: string; before: PyValue }
  | { kind: 'changed'; path: string; before: PyValue; after: PyValue }
  /** A key that disappeared while another key with the identical value appeared beside it (snake_case etc.). */
  | { kind: 'renamed'; path: string; to: string; value: PyValue };

/**
 * What differs between two events, descending into dicts (and lists of equal length), with Python's types kept
 * apart (`1` vs `1.0` vs `True` differ: the output would). Key order alone is not a difference: the pipeline
 * maps by name. A removed key whose value reappears under a new key of the same dict is reported as a rename.
 */
export function diffEvents(before: PyValue, after: PyValue): EventChange[] {
  return diffAt(before, after, '');
}

function identical(a: PyValue, b: PyValue): boolean {
  return a === b || pyRepr(a) === pyRepr(b);
}

function diffAt(before: PyValue, after: PyValue, path: string): EventChange[] {
  if (before instanceof PyDict && after instanceof PyDict) return diffDicts(before, after, path);
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diffAt(item, after[i] as PyValue, `${path}[${i}]`));
  }
  if (identical(before, after)) return [];
  return [{ kind: 'changed', path: path === '' ? '(event)' : path, before, after }];
}

function diffDicts(before: PyDict, after: PyDict, path: string): EventChange[] {
  const added = after.keyList().filter((key) => !before.has(key));
  const paired = new Set<number>();
  const changes: EventChange[] = [];
  for (const [key, value] of before) {
    const keyPath = joinPath(path, key);
    if (after.has(key)) {
      changes.push(...diffAt(value, after.get(key) as PyValue, keyPath));
      continue;
    }
    const match = added.findIndex(
      (candidate, i) => !paired.has(i) && identical(value, after.get(candidate) as PyValue),
    );
    if (match >= 0) {
      paired.add(match);
      changes.push({ kind: 'renamed', path: keyPath, to: joinPath(path, added[match] as PyValue), value });
    } else {
      changes.push({ kind: 'removed', path: keyPath, before: value });
    }
  }
  added.forEach((key, i) => {
    if (!paired.has(i)) changes.push({ kind: 'added', path: joinPath(path, key), after: after.get(key) as PyValue });
  });
  return changes;
}

const PLAIN_KEY = /^[^\s.[\]"'`]+$/u;

/** `a.b`, or `a["x y"]` for keys a dot path cannot show plainly, `a[1]` for a non-string key. */
function joinPath(parent: string, key: PyValue): string {
  if (typeof key === 'string' && PLAIN_KEY.test(key)) return parent === '' ? key : `${parent}.${key}`;
  const shown = typeof key === 'string' ? JSON.stringify(key) : pyRepr(key);
  return `${parent}[${shown}]`;
}

/** A value as one line of JSON (Python's json.dumps; repr for what JSON cannot hold), cut at `max` characters. */
export function showValue(value: PyValue, max = 200): string {
  let text: string;
  try {
    text = jsonDumps(value);
  } catch {
    text = pyRepr(value);
  }
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** One change as a line: `+ path: value`, `- path: value`, `~ path: old → new`, `» old → new`. */
export function formatEventChange(change: EventChange, maxValue = 200): string {
  switch (change.kind) {
    case 'added':
      return `+ ${change.path}: ${showValue(change.after, maxValue)}`;
    case 'removed':
      return `- ${change.path}: ${showValue(change.before, maxValue)}`;
    case 'changed':
      return `~ ${change.path}: ${showValue(change.before, maxValue)} → ${showValue(change.after, maxValue)}`;
    case 'renamed':
      return `» ${change.path} → ${change.to}`;
  }
}
