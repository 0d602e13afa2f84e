import { isCredentialKey } from './credential-keys.js';
import { isCredentialPair, maskCredentialText, pairNameField } from './credential-values.js';

export interface LogMaskOptions {
  placeholder: string;
  /** Levels of nesting walked; deeper values are replaced (they could not be checked). */
  maxDepth: number;
  /** Values visited per log line; the rest are replaced, so one huge object cannot make logging slow. */
  maxNodes: number;
  /** How an Error nested in the fields is written (the logger's own error serializer). */
  serializeError: (error: Error) => unknown;
}

export const TOO_DEEP = '[not logged: too deep]';
export const TOO_BIG = '[not logged: too large]';

type Budget = { nodes: number };

/**
 * The fields of a log line with credentials masked by key (the same vocabulary as stored snapshots) and by value
 * (`password=…`, URL userinfo, tokens in strings), walking at most `maxDepth` levels and `maxNodes` values.
 * Values with their own JSON form (Date, Buffer, URL) are kept; other objects are walked like plain ones.
 */
export function maskLogFields(fields: object, options: LogMaskOptions): Record<string, unknown> {
  return maskObject(fields, 0, options, { nodes: 0 });
}

function maskObject(object: object, depth: number, options: LogMaskOptions, budget: Budget): Record<string, unknown> {
  const record = object as Record<string, unknown>;
  const nameField = pairNameField(record);
  const secretPair = isCredentialPair(record);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const inner = record[key];
    if (key === nameField) out[key] = inner;
    else if ((secretPair && key === 'value') || isCredentialKey(key)) out[key] = maskWhole(inner, options);
    else out[key] = maskField(inner, depth + 1, options, budget);
  }
  return out;
}

function maskWhole(value: unknown, options: LogMaskOptions): unknown {
  return value === null || value === undefined || value === '' || typeof value === 'boolean'
    ? value
    : options.placeholder;
}

function maskField(value: unknown, depth: number, options: LogMaskOptions, budget: Budget): unknown {
  budget.nodes += 1;
  if (typeof value === 'string') {
    return budget.nodes > options.maxNodes ? TOO_BIG : maskCredentialText(value, options.placeholder);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return options.serializeError(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (budget.nodes > options.maxNodes) return TOO_BIG;
  if (depth > options.maxDepth) return TOO_DEEP;
  if (Array.isArray(value)) {
    const room = Math.max(0, options.maxNodes - budget.nodes);
    const kept = value.slice(0, room).map((item) => maskField(item, depth + 1, options, budget));
    return kept.length < value.length ? [...kept, TOO_BIG] : kept;
  }
  return maskObject(value, depth, options, budget);
}
