import { z } from 'zod';

/**
 * Pipeline API response shapes (see ../shared/reference/alooma-api.md). Objects are "loose":
 * unknown keys are kept, because writes send back the whole object that was read (PUT inputs/{id},
 * POST event-types/{name}/mapping) and dropping a field we do not model would erase it upstream.
 */

export const mappingModes = ['AUTO_MAP', 'STRICT', 'FLEXIBLE'] as const;
export const MappingModeSchema = z.enum(mappingModes);
export type MappingMode = z.infer<typeof MappingModeSchema>;

export const InputSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  paused: z.boolean().optional(),
  configuration: z.record(z.string(), z.unknown()).optional(),
});
export type Input = z.infer<typeof InputSchema>;

/** `GET inputs` answers an object keyed by input id (AP alooma.py:1057-1082). */
export const InputsResponseSchema = z.record(z.string(), InputSchema);

/** consolidationKeys is seen as `[]`, `null`, `["ID"]` and `''` in the fixtures. */
export const ConsolidationKeysSchema = z.union([z.array(z.string()), z.null(), z.literal('')]);

export const ConsolidationSchema = z.looseObject({
  consolidatedSchema: z.string().nullable().optional(),
  consolidatedTableName: z.string().nullable().optional(),
  consolidationKeys: ConsolidationKeysSchema.optional(),
  viewSchema: z.string().nullable().optional(),
});

export const MappingTargetSchema = z.looseObject({
  isDiscarded: z.boolean().optional(),
  outputHint: z.string().nullable().optional(),
  outputId: z.string().nullable().optional(),
  readOnly: z.boolean().optional(),
  schema: z.string().nullable().optional(),
  tableName: z.string().nullable().optional(),
});

export const ColumnTypeSchema = z.looseObject({
  type: z.string(),
  nonNull: z.boolean().optional(),
  length: z.number().optional(),
  truncate: z.boolean().optional(),
  precision: z.number().optional(),
  scale: z.number().optional(),
});

export interface MappingField {
  fieldName: string;
  fields: MappingField[];
  mapping?: z.infer<typeof FieldMappingSchema> | null;
  [key: string]: unknown;
}

export const FieldMappingSchema = z.looseObject({
  columnName: z.string().nullable().optional(),
  columnType: ColumnTypeSchema.nullable().optional(),
  isDiscarded: z.boolean().optional(),
  machineGenerated: z.boolean().optional(),
  subFields: z.unknown().optional(),
});

export const MappingFieldSchema: z.ZodType<MappingField> = z.lazy(() =>
  z.looseObject({
    fieldName: z.string(),
    fields: z.array(MappingFieldSchema).default([]),
    mapping: FieldMappingSchema.nullable().optional(),
  }),
) as z.ZodType<MappingField>;

/** `GET event-types/{name}`; the mapping as `get_mapping` returns it (stats removed). */
export const MappingSchema = z.looseObject({
  name: z.string(),
  mappingMode: MappingModeSchema.nullable().optional(),
  state: z.string().optional(),
  usingDefaultMappingMode: z.boolean().optional(),
  consolidation: ConsolidationSchema.optional(),
  mapping: MappingTargetSchema.optional(),
  fields: z.array(MappingFieldSchema).optional(),
});
export type Mapping = z.infer<typeof MappingSchema>;

/** `GET event-types`: summaries (the same object, with stats and without fields). */
export const EventTypeSummarySchema = z.looseObject({
  name: z.string(),
  mappingMode: MappingModeSchema.nullable().optional(),
  state: z.string().optional(),
  origInputLabel: z.string().nullable().optional(),
  stats: z.looseObject({ count: z.number().optional() }).nullable().optional(),
});
export type EventTypeSummary = z.infer<typeof EventTypeSummarySchema>;
export const EventTypesResponseSchema = z.array(EventTypeSummarySchema);
