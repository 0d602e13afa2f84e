import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { MAX_VARCHAR_LENGTH } from '../ddl/snowflake-type.js';
import type { Mapping, MappingField } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';

/**
 * Field-by-field mapping edits (managealooma's Mappings change methods), pure: each takes a mapping and returns the
 * edited copy, or throws a UserError naming the problem. Fields are named by dotted path (`shipping.city`), as the
 * reference client's find_field_name walks `fields[].fields[]`.
 */

export const COLUMN_TYPES = ['NUMBER', 'VARCHAR', 'BOOLEAN', 'VARIANT', 'FLOAT', 'TIMESTAMP'] as const;

/** A column type as managealooma writes it into a mapping (MA mappings.py:925-1000). */
export const ColumnTypeParamsSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('NUMBER'),
      precision: z
        .number()
        .int()
        .min(1, 'NUMBER precision must be 1..38')
        .max(38, 'NUMBER precision must be 1..38')
        .default(38),
      scale: z.number().int().min(0, 'NUMBER scale must not be negative').default(0),
      nonNull: z.boolean().default(false),
    }),
    z.object({
      type: z.literal('VARCHAR'),
      length: z
        .number()
        .int()
        .min(1, `VARCHAR length must be 1..${MAX_VARCHAR_LENGTH}`)
        .max(MAX_VARCHAR_LENGTH, `VARCHAR length must be 1..${MAX_VARCHAR_LENGTH}`)
        .default(MAX_VARCHAR_LENGTH),
      truncate: z.boolean().default(false),
      nonNull: z.boolean().default(false),
    }),
    z.object({ type: z.enum(['BOOLEAN', 'VARIANT', 'FLOAT', 'TIMESTAMP']), nonNull: z.boolean().default(false) }),
  ])
  .superRefine((column, ctx) => {
    if (column.type === 'NUMBER' && column.scale > column.precision) {
      ctx.addIssue({
        code: 'custom',
        path: ['scale'],
        message: `NUMBER scale (${column.scale}) must not exceed its precision (${column.precision})`,
      });
    }
  });
export type ColumnTypeParams = z.output<typeof ColumnTypeParamsSchema>;

/** A dotted path of field names; each name non-empty. */
export const FieldPathSchema = z
  .string()
  .min(1)
  .refine(
    (path) => path.split('.').every((part) => part !== ''),
    'a field path is names joined by dots, e.g. shipping.city',
  );

type Fields = MappingField[];

/** Every field path of the mapping, depth first. */
export function fieldPaths(fields: readonly MappingField[]): string[] {
  return allFields(fields).map(({ path }) => path);
}

function unknownField(mapping: Mapping, path: string): UserError {
  const known = fieldPaths(mapping.fields ?? []);
  const close = known
    .map((candidate) => ({ candidate, d: distance(candidate.toLowerCase(), path.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(path.length / 3)))
    .sort((a, b) => a.d - b.d)
    .map(({ candidate }) => candidate);
  const hint =
    close.length > 0
      ? ` Did you mean ${close
          .slice(0, 3)
          .map((c) => `\`${c}\``)
          .join(', ')}?`
      : '';
  const listed = known
    .slice(0, 20)
    .map((c) => `\`${c}\``)
    .join(', ');
  return new UserError(
    'field_not_found',
    `Event type \`${mapping.name}\` has no field \`${path}\`.${hint} Fields: ${listed || '(none)'}${known.length > 20 ? ', …' : ''}.`,
  );
}

/** The field at `path`; throws a UserError listing close names when there is none. */
export function findField(mapping: Mapping, path: string): MappingField {
  let fields: readonly MappingField[] = mapping.fields ?? [];
  let found: MappingField | undefined;
  for (const name of path.split('.')) {
    found = fields.find((field) => field.fieldName === name);
    if (!found) throw unknownField(mapping, path);
    fields = found.fields ?? [];
  }
  if (!found) throw unknownField(mapping, path);
  return found;
}

/** Replaces (or, with null, removes) the field at `path`, returning a new mapping. */
function replaceField(mapping: Mapping, path: string, replace: (field: MappingField) => MappingField | null): Mapping {
  findField(mapping, path);
  const [head, ...rest] = path.split('.');
  const walk = (fields: Fields, name: string | undefined, tail: string[]): Fields =>
    fields.flatMap((field) => {
      if (field.fieldName !== name) return [field];
      if (tail.length === 0) {
        const next = replace(field);
        return next ? [next] : [];
      }
      return [{ ...field, fields: walk(field.fields ?? [], tail[0], tail.slice(1)) }];
    });
  return { ...mapping, fields: walk(mapping.fields ?? [], head, rest) };
}

function isMapped(field: MappingField): boolean {
  return !!field.mapping && !field.mapping.isDiscarded && !!field.mapping.columnName && !!field.mapping.columnType;
}

function columnTypeObject(column: ColumnTypeParams): { type: string; nonNull: boolean; [attribute: string]: unknown } {
  switch (column.type) {
    case 'NUMBER':
      return { type: 'NUMBER', nonNull: column.nonNull, precision: column.precision, scale: column.scale };
    case 'VARCHAR':
      return { type: 'VARCHAR', length: column.length, nonNull: column.nonNull, truncate: column.truncate };
    default:
      return { type: column.type, nonNull: column.nonNull };
  }
}

function assertColumnFree(mapping: Mapping, column: string, except: string | null): void {
  const owner = allFields(mapping.fields ?? [], '').find(
    ({ path, field }) =>
      path !== except && isMapped(field) && field.mapping?.columnName?.toUpperCase() === column.toUpperCase(),
  );
  if (owner) {
    throw new UserError(
      'column_taken',
      `Column \`${column}\` is already mapped from field \`${owner.path}\` of \`${mapping.name}\`.`,
    );
  }
}

/** Every field with its dotted path, depth first. */
export function allFields(fields: readonly MappingField[], prefix = ''): { path: string; field: MappingField }[] {
  return fields.flatMap((field) => {
    const path = prefix ? `${prefix}.${field.fieldName}` : field.fieldName;
    return [{ path, field }, ...allFields(field.fields ?? [], path)];
  });
}

/**
 * `add_field_to_mapping`: maps a field to a new column. An existing field that is unmapped or discarded (a STRICT
 * mapping's new field) gets the mapping; a new field is added under its parent (which must exist).
 */
export function addField(mapping: Mapping, path: string, column: string, type: ColumnTypeParams): Mapping {
  assertColumnFree(mapping, column, null);
  const fieldMapping = {
    columnName: column,
    columnType: columnTypeObject(type),
    isDiscarded: false,
    machineGenerated: false,
    subFields: null,
  };
  const existing = tryFind(mapping, path);
  if (existing) {
    if (isMapped(existing)) {
      throw new UserError(
        'field_mapped',
        `Field \`${path}\` of \`${mapping.name}\` is already mapped to column \`${existing.mapping?.columnName}\`; change it with \`field type\`.`,
      );
    }
    return replaceField(mapping, path, (field) => ({
      ...field,
      mapping: { ...(field.mapping ?? {}), ...fieldMapping },
    }));
  }
  const parts = path.split('.');
  const name = parts.pop() as string;
  const created: MappingField = { fieldName: name, fields: [], mapping: fieldMapping };
  if (parts.length === 0) return { ...mapping, fields: [...(mapping.fields ?? []), created] };
  return replaceField(mapping, parts.join('.'), (parent) => ({
    ...parent,
    fields: [...(parent.fields ?? []), created],
  }));
}

function tryFind(mapping: Mapping, path: string): MappingField | null {
  try {
    return findField(mapping, path);
  } catch {
    return null;
  }
}

/** `delete_field_from_mapping`: the field leaves the mapping (its column stays in the warehouse). */
export function deleteField(mapping: Mapping, path: string): Mapping {
  return replaceField(mapping, path, () => null);
}

function mappedField(mapping: Mapping, path: string): MappingField {
  const field = findField(mapping, path);
  if (!isMapped(field)) {
    throw new UserError(
      'field_not_mapped',
      `Field \`${path}\` of \`${mapping.name}\` is not mapped to a column; map it with \`field add\`.`,
    );
  }
  return field;
}

/** `change_field_mapping_settings`: a new column type (and flags) for a mapped field. */
export function setFieldType(mapping: Mapping, path: string, type: ColumnTypeParams): Mapping {
  mappedField(mapping, path);
  return replaceField(mapping, path, (field) => ({
    ...field,
    mapping: { ...field.mapping, columnType: columnTypeObject(type) },
  }));
}

/** `change_field_varchar_length`. */
export function setFieldLength(mapping: Mapping, path: string, length: number): Mapping {
  const field = mappedField(mapping, path);
  const columnType = field.mapping?.columnType;
  if (columnType?.type.toUpperCase() !== 'VARCHAR') {
    throw new UserError(
      'not_varchar',
      `Field \`${path}\` is a ${columnType?.type} column, not VARCHAR; change its type with \`field type\`.`,
    );
  }
  if (columnType.length === length) {
    throw new UserError('no_change', `Field \`${path}\` is already VARCHAR(${length}).`);
  }
  return replaceField(mapping, path, (f) => ({
    ...f,
    mapping: { ...f.mapping, columnType: { ...columnType, length } },
  }));
}

/** `change_field_null_constraint`: allow (nonNull false) or deny (nonNull true) NULLs. */
export function setFieldNullable(mapping: Mapping, path: string, allowNull: boolean): Mapping {
  const field = mappedField(mapping, path);
  const columnType = field.mapping?.columnType;
  if (!columnType) throw new UserError('field_not_mapped', `Field \`${path}\` has no column type.`);
  if ((columnType.nonNull === true) === !allowNull) {
    throw new UserError('no_change', `Field \`${path}\` already ${allowNull ? 'allows' : 'denies'} NULL.`);
  }
  return replaceField(mapping, path, (f) => ({
    ...f,
    mapping: { ...f.mapping, columnType: { ...columnType, nonNull: !allowNull } },
  }));
}

/** Alooma's discard (the reference client's discard_field): no column, loaded nowhere. */
export function discardField(mapping: Mapping, path: string): Mapping {
  const field = findField(mapping, path);
  if (field.mapping?.isDiscarded) throw new UserError('no_change', `Field \`${path}\` is already discarded.`);
  return replaceField(mapping, path, (f) => ({
    ...f,
    mapping: { ...(f.mapping ?? {}), isDiscarded: true, columnName: '', columnType: null },
  }));
}

/** Column names of the mapping's mapped fields. */
export function mappedColumnNames(mapping: Mapping): string[] {
  return allFields(mapping.fields ?? [], '')
    .filter(({ field }) => isMapped(field))
    .map(({ field }) => field.mapping?.columnName as string);
}

/** Keys must be columns of the mapping (exact names): a consolidation on a missing column fails every run. */
export function assertKeysMapped(mapping: Mapping, keys: readonly string[]): void {
  const columns = mappedColumnNames(mapping);
  const missing = keys.filter((key) => !columns.includes(key));
  if (missing.length > 0) {
    throw new UserError(
      'keys_not_mapped',
      `${missing.map((k) => `\`${k}\``).join(', ')} ${missing.length === 1 ? 'is not a column' : 'are not columns'} of \`${mapping.name}\`. Columns: ${columns.map((c) => `\`${c}\``).join(', ') || '(none)'}.`,
    );
  }
}
