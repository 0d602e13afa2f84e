import { snowflakeTypeOfColumn } from '../ddl/snowflake-type.js';
import { jsonEqual, toJsonValue } from '../json-value.js';
import type { Mapping, MappingField } from '../pipeline/schemas.js';
import { allFields } from './mapping-fields.js';

/**
 * What a mapping change does, field by field and in words, for the change card: the JSON diff names array indexes
 * (`fields[3].fields[1].mapping.columnType.length`) or, when a field is added or removed, the whole array.
 */
export function describeMappingChanges(before: Mapping, after: Mapping): string[] {
  return [...tableLines(before, after), ...fieldLines(before, after)];
}

/** `SHIPPING_CITY VARCHAR(256) NOT NULL truncate`, `discarded`, `not mapped`. */
export function describeFieldMapping(field: MappingField): string {
  const mapping = field.mapping;
  if (mapping?.isDiscarded) return 'discarded';
  if (!mapping?.columnName || !mapping.columnType) return 'not mapped';
  const type = mapping.columnType;
  return [
    mapping.columnName,
    snowflakeTypeOfColumn(type),
    ...(type.nonNull ? ['NOT NULL'] : []),
    ...(type.truncate ? ['truncate'] : []),
  ].join(' ');
}

function fieldLines(before: Mapping, after: Mapping): string[] {
  const old = new Map(allFields(before.fields ?? []).map(({ path, field }) => [path, field]));
  const next = new Map(allFields(after.fields ?? []).map(({ path, field }) => [path, field]));
  const lines: string[] = [];
  for (const [path, field] of next) {
    const was = old.get(path);
    if (!was) {
      lines.push(`+ ${path}: ${describeFieldMapping(field)}`);
    } else if (!jsonEqual(toJsonValue(was.mapping ?? null), toJsonValue(field.mapping ?? null))) {
      const from = describeFieldMapping(was);
      const to = describeFieldMapping(field);
      lines.push(`~ ${path}: ${from === to ? `${to} (mapping details changed)` : `${from} → ${to}`}`);
    }
  }
  for (const [path, field] of old) {
    if (!next.has(path)) lines.push(`- ${path}: removed from the mapping (was ${describeFieldMapping(field)})`);
  }
  return lines;
}

function tableOf(mapping: Mapping): string {
  const target = mapping.mapping;
  if (target?.isDiscarded) return 'discarded';
  return target?.schema && target.tableName ? `${target.schema}.${target.tableName}` : '(none)';
}

function consolidationOf(mapping: Mapping): string {
  const c = mapping.consolidation;
  const keys = Array.isArray(c?.consolidationKeys) ? c.consolidationKeys : [];
  if (!c?.consolidatedTableName) return keys.length > 0 ? `keys ${keys.join(', ')}` : '(none)';
  const table = `${c.consolidatedSchema || '?'}.${c.consolidatedTableName}`;
  return keys.length > 0 ? `${table} by ${keys.join(', ')}` : `${table} (no keys)`;
}

function inputOf(mapping: Mapping): string {
  return typeof mapping.origInputLabel === 'string' && mapping.origInputLabel !== ''
    ? mapping.origInputLabel
    : '(none)';
}

function tableLines(before: Mapping, after: Mapping): string[] {
  const pairs: [string, string, string][] = [
    ['name', before.name, after.name],
    ['loads into', tableOf(before), tableOf(after)],
    ['consolidation', consolidationOf(before), consolidationOf(after)],
    ['mapping mode', before.mappingMode ?? '(default)', after.mappingMode ?? '(default)'],
    ['input', inputOf(before), inputOf(after)],
  ];
  return pairs.filter(([, from, to]) => from !== to).map(([what, from, to]) => `${what}: ${from} → ${to}`);
}
