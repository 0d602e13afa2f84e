import type { MappingField } from '../pipeline/schemas.js';

/**
 * Unmapped fields: fields the mapper has seen but that load into no column (no mapping, or no column name) and have
 * no mapped field under them. A discarded parent with a mapped child (`shipping` → `SHIPPING_CITY`) is kept, because
 * its child still loads. This is what `DELETE event-types/{name}/clear-stats` removes (MA's
 * `remove_unmapped_fields_and_clear_table_stats`), so the card and the sandbox use the same rule.
 */
export function isUnmappedField(field: MappingField): boolean {
  const column = field.mapping?.columnName;
  const mapsItself = typeof column === 'string' && column !== '';
  return !mapsItself && field.fields.every(isUnmappedField);
}

/** The dotted paths (`parent.child`) of every unmapped field, outermost only (a removed parent takes its children). */
export function unmappedFieldPaths(fields: readonly MappingField[], parent = ''): string[] {
  return fields.flatMap((field) => {
    const path = parent === '' ? field.fieldName : `${parent}.${field.fieldName}`;
    if (isUnmappedField(field)) return [path];
    return unmappedFieldPaths(field.fields, path);
  });
}

/** The fields without the unmapped ones, at every depth. */
export function withoutUnmappedFields(fields: readonly MappingField[]): MappingField[] {
  return fields
    .filter((field) => !isUnmappedField(field))
    .map((field) => ({ ...field, fields: withoutUnmappedFields(field.fields) }));
}
