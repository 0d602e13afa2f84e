import { z } from 'zod';
import { COLUMN_TYPES, ColumnTypeParamsSchema } from '../../services/mappings/mapping-fields.js';

/**
 * `<type...>` of `field add|type` as typed: a type, its size, then flags, e.g. `VARCHAR 256 not-null truncate`,
 * `VARCHAR(256)`, `NUMBER 12,2`, `NUMBER(12,2) not-null`, `BOOLEAN`. Becomes the kind's column type params,
 * validated there (VARCHAR length 1..16777216, precision 1..38, scale ≤ precision).
 */
function toColumnType(text: string, ctx: z.RefinementCtx): unknown {
  const words = text.trim().split(/\s+/);
  const flags = new Set(
    words.filter((word) => /^(not-null|nonnull|non-null|truncate)$/i.test(word)).map((w) => w.toLowerCase()),
  );
  const rest = words.filter((word) => !/^(not-null|nonnull|non-null|truncate)$/i.test(word)).join(' ');
  const match = /^([A-Za-z]+)\s*(?:\(\s*([^)]*)\)|\s+(.+))?$/.exec(rest);
  const type = match?.[1]?.toUpperCase();
  if (!match || !type || !(COLUMN_TYPES as readonly string[]).includes(type)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a type (${COLUMN_TYPES.join(', ')}) with optional size and flags, e.g. VARCHAR 256 not-null, got \`${text}\``,
    });
    return z.NEVER;
  }
  const sizeText = (match[2] ?? match[3] ?? '').trim();
  const sizes = sizeText === '' ? [] : sizeText.split(/[\s,]+/).map(Number);
  if (sizes.some((n) => !Number.isInteger(n))) {
    ctx.addIssue({ code: 'custom', message: `the size of ${type} must be whole numbers, got \`${sizeText}\`` });
    return z.NEVER;
  }
  const nonNull = flags.has('not-null') || flags.has('nonnull') || flags.has('non-null');
  if (type === 'NUMBER')
    return {
      type,
      nonNull,
      ...(sizes[0] === undefined ? {} : { precision: sizes[0] }),
      ...(sizes[1] === undefined ? {} : { scale: sizes[1] }),
    };
  if (type === 'VARCHAR')
    return { type, nonNull, truncate: flags.has('truncate'), ...(sizes[0] === undefined ? {} : { length: sizes[0] }) };
  if (sizes.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${type} takes no size` });
    return z.NEVER;
  }
  return { type, nonNull };
}

export const ColumnTypeArg = z.string().transform(toColumnType).pipe(ColumnTypeParamsSchema);

/** A trailing `upper`/`lower` word (managealooma's `case`), split from the words before it. */
export function splitCase(text: string): { text: string; case: 'UPPER' | 'lower' } {
  const words = text.trim().split(/\s+/);
  const last = words.at(-1)?.toLowerCase();
  if (last === 'lower' || last === 'upper') {
    return { text: words.slice(0, -1).join(' '), case: last === 'lower' ? 'lower' : 'UPPER' };
  }
  return { text: words.join(' '), case: 'UPPER' };
}

/** Comma- or space-separated names (consolidation keys). */
export const NameListArg = z
  .string()
  .transform((text) => text.split(/[\s,]+/).filter((name) => name !== ''))
  .pipe(z.array(z.string()).min(1, 'give at least one key'));
