import { z } from 'zod';
import { MAX_VARCHAR_LENGTH } from '../../ddl/snowflake-type.js';
import {
  addField,
  type ColumnTypeParams,
  ColumnTypeParamsSchema,
  deleteField,
  discardField,
  FieldPathSchema,
  setFieldLength,
  setFieldNullable,
  setFieldType,
} from '../../mappings/mapping-fields.js';
import { mappingChangeKind } from './mapping-change-kind.js';

const event = z.string().min(1);
const path = FieldPathSchema;
const column = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !name.includes('"'), 'a column name cannot contain a double quote');

function describeType(type: ColumnTypeParams): string {
  const base =
    type.type === 'NUMBER'
      ? `NUMBER(${type.precision},${type.scale})`
      : type.type === 'VARCHAR'
        ? `VARCHAR(${type.length})${type.truncate ? ' truncate' : ''}`
        : type.type;
  return `${base}${type.nonNull ? ' NOT NULL' : ''}`;
}

export const mappingFieldAddKind = mappingChangeKind({
  name: 'mapping.field.add',
  fieldsAffected: true,
  params: z.object({ event, path, column, columnType: ColumnTypeParamsSchema }),
  change: (mapping, p) => addField(mapping, p.path, p.column, p.columnType),
  title: (ref, p) => `Map field ${p.path} of ${ref.label} to column ${p.column} ${describeType(p.columnType)}`,
});

export const mappingFieldDeleteKind = mappingChangeKind({
  name: 'mapping.field.delete',
  fieldsAffected: true,
  params: z.object({ event, path }),
  change: (mapping, p) => deleteField(mapping, p.path),
  title: (ref, p) => `Delete field ${p.path} from the mapping of ${ref.label}`,
});

export const mappingFieldTypeKind = mappingChangeKind({
  name: 'mapping.field.type',
  fieldsAffected: true,
  params: z.object({ event, path, columnType: ColumnTypeParamsSchema }),
  change: (mapping, p) => setFieldType(mapping, p.path, p.columnType),
  title: (ref, p) => `Change the column type of ${p.path} in ${ref.label} to ${describeType(p.columnType)}`,
});

export const mappingFieldLengthKind = mappingChangeKind({
  name: 'mapping.field.length',
  fieldsAffected: true,
  params: z.object({
    event,
    path,
    length: z
      .number()
      .int()
      .min(1, `VARCHAR length must be 1..${MAX_VARCHAR_LENGTH}`)
      .max(MAX_VARCHAR_LENGTH, `VARCHAR length must be 1..${MAX_VARCHAR_LENGTH}`),
  }),
  change: (mapping, p) => setFieldLength(mapping, p.path, p.length),
  title: (ref, p) => `Set the VARCHAR length of ${p.path} in ${ref.label} to ${p.length}`,
});

export const mappingFieldNullKind = mappingChangeKind({
  name: 'mapping.field.null',
  fieldsAffected: true,
  params: z.object({ event, path, allowNull: z.boolean() }),
  change: (mapping, p) => setFieldNullable(mapping, p.path, p.allowNull),
  title: (ref, p) => `${p.allowNull ? 'Allow' : 'Deny'} NULL in ${p.path} of ${ref.label}`,
});

export const mappingFieldDiscardKind = mappingChangeKind({
  name: 'mapping.field.discard',
  fieldsAffected: true,
  params: z.object({ event, path }),
  change: (mapping, p) => discardField(mapping, p.path),
  title: (ref, p) => `Discard field ${p.path} of ${ref.label}`,
});

export const mappingFieldKinds = [
  mappingFieldAddKind,
  mappingFieldDeleteKind,
  mappingFieldTypeKind,
  mappingFieldLengthKind,
  mappingFieldNullKind,
  mappingFieldDiscardKind,
];
