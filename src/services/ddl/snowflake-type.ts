import type { z } from 'zod';
import type { ColumnTypeSchema } from '../pipeline/schemas.js';

/** Snowflake's longest VARCHAR, and the length Alooma gives an auto-mapped string column. */
export const MAX_VARCHAR_LENGTH = 16_777_216;
const MAX_NUMBER_PRECISION = 38;

/** The families a Snowflake column type belongs to: what the per-engine translations need to know. */
export type TypeFamily =
  | 'number'
  | 'float'
  | 'text'
  | 'boolean'
  | 'timestamp'
  | 'timestamp_tz'
  | 'date'
  | 'time'
  | 'variant';

/** A parsed, valid Snowflake column type. `text` is its canonical spelling, e.g. `NUMBER(12,2)`. */
export interface SnowflakeType {
  family: TypeFamily;
  text: string;
  /** For `number`: precision and scale (INT and friends are NUMBER(38,0)). */
  precision?: number;
  scale?: number;
  /** For `text`: the declared length (absent: the maximum). */
  length?: number;
}

export type TypeParse = { ok: true; type: SnowflakeType } | { ok: false; problem: string };

const NUMBER_NAMES = ['NUMBER', 'NUMERIC', 'DECIMAL'];
const INTEGER_NAMES = ['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT'];
const FLOAT_NAMES = ['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'DOUBLE PRECISION', 'REAL'];
const TEXT_NAMES = ['VARCHAR', 'STRING', 'TEXT', 'CHAR', 'CHARACTER'];
const PLAIN: Record<string, TypeFamily> = {
  BOOLEAN: 'boolean',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_NTZ: 'timestamp',
  DATETIME: 'timestamp',
  TIMESTAMP_TZ: 'timestamp_tz',
  TIMESTAMP_LTZ: 'timestamp_tz',
  DATE: 'date',
  TIME: 'time',
  VARIANT: 'variant',
  OBJECT: 'variant',
  ARRAY: 'variant',
};
const KNOWN = [...NUMBER_NAMES, ...INTEGER_NAMES, ...FLOAT_NAMES, ...TEXT_NAMES, ...Object.keys(PLAIN)];
const TYPE_PATTERN = /^([A-Z_][A-Z0-9_]*(?: PRECISION)?)\s*(?:\(\s*([^)]*)\s*\))?$/;

/**
 * Parses a column type as Snowflake spells it (`VARCHAR(256)`, `NUMBER(12, 2)`, `int`, `TIMESTAMP_NTZ`) and checks
 * its arguments: VARCHAR length 1..16777216, NUMBER precision 1..38 and scale 0..precision. Case-insensitive.
 */
export function parseSnowflakeType(input: string): TypeParse {
  const source = input.trim().replace(/\s+/g, ' ').toUpperCase();
  const match = TYPE_PATTERN.exec(source);
  if (!match)
    return {
      ok: false,
      problem: `\`${input}\` is not a column type (expected e.g. VARCHAR(256), NUMBER(12,2), BOOLEAN)`,
    };
  const name = match[1] ?? '';
  const args = match[2] === undefined ? [] : match[2].split(',').map((part) => part.trim());
  if (!KNOWN.includes(name)) {
    return {
      ok: false,
      problem: `unknown column type \`${name}\`; known: NUMBER, VARCHAR, BOOLEAN, VARIANT, FLOAT, TIMESTAMP, DATE, TIME and their synonyms`,
    };
  }
  const numbers = args.map((arg) => (/^\d+$/.test(arg) ? Number(arg) : Number.NaN));
  if (numbers.some((n) => Number.isNaN(n)))
    return { ok: false, problem: `the arguments of ${name} must be whole numbers, got (${args.join(', ')})` };
  if (NUMBER_NAMES.includes(name))
    return numberType(numbers[0] ?? MAX_NUMBER_PRECISION, numbers[1] ?? 0, numbers.length);
  if (INTEGER_NAMES.includes(name)) {
    if (numbers.length > 0) return { ok: false, problem: `${name} takes no arguments` };
    return { ok: true, type: { family: 'number', text: name, precision: MAX_NUMBER_PRECISION, scale: 0 } };
  }
  if (TEXT_NAMES.includes(name)) return textType(name, numbers);
  if (numbers.length > 0 && !(name.startsWith('TIMESTAMP') || name === 'TIME') && !FLOAT_NAMES.includes(name)) {
    return { ok: false, problem: `${name} takes no arguments` };
  }
  if (FLOAT_NAMES.includes(name)) return { ok: true, type: { family: 'float', text: name } };
  const family = PLAIN[name] as TypeFamily;
  return { ok: true, type: { family, text: numbers.length > 0 ? `${name}(${numbers.join(',')})` : name } };
}

function numberType(precision: number, scale: number, given: number): TypeParse {
  if (given > 2) return { ok: false, problem: 'NUMBER takes at most (precision, scale)' };
  if (precision < 1 || precision > MAX_NUMBER_PRECISION) {
    return { ok: false, problem: `NUMBER precision must be 1..${MAX_NUMBER_PRECISION}, got ${precision}` };
  }
  if (scale > precision)
    return { ok: false, problem: `NUMBER scale (${scale}) must not exceed its precision (${precision})` };
  return { ok: true, type: { family: 'number', text: `NUMBER(${precision},${scale})`, precision, scale } };
}

function textType(name: string, numbers: number[]): TypeParse {
  if (numbers.length > 1) return { ok: false, problem: `${name} takes one length` };
  const [length] = numbers;
  if (length !== undefined && (length < 1 || length > MAX_VARCHAR_LENGTH)) {
    return { ok: false, problem: `VARCHAR length must be 1..${MAX_VARCHAR_LENGTH}, got ${length}` };
  }
  return length === undefined
    ? { ok: true, type: { family: 'text', text: name } }
    : { ok: true, type: { family: 'text', text: `${name}(${length})`, length } };
}

/** The Snowflake type of an Alooma `columnType` (NUMERIC is Alooma's spelling of NUMBER). */
export function snowflakeTypeOfColumn(columnType: z.infer<typeof ColumnTypeSchema>): string {
  const name = columnType.type.toUpperCase();
  if (name === 'NUMBER' || name === 'NUMERIC' || name === 'DECIMAL') {
    return `NUMBER(${columnType.precision ?? MAX_NUMBER_PRECISION},${columnType.scale ?? 0})`;
  }
  if (name === 'VARCHAR') return `VARCHAR(${columnType.length ?? MAX_VARCHAR_LENGTH})`;
  return name;
}
