import { z } from 'zod';
import { maskedJsonCopy } from '../../credentials/mask-credentials.js';
import { mappingChangePreview } from '../../mappings/mapping-change-preview.js';
import { assertKeysMapped } from '../../mappings/mapping-fields.js';
import { readMappingOrNull } from '../../mappings/read-mapping.js';
import { type Mapping, MappingSchema } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind } from '../change-kind.js';
import { revertBy } from '../restore-kind-names.js';
import { mappingChangeKind } from './mapping-change-kind.js';

/** Table-level mapping changes: where an event type loads and how it is consolidated (managealooma's Mappings). */

const event = z.string().min(1);
const name = z
  .string()
  .min(1)
  .max(255)
  .refine((value) => !value.includes('"') && !value.includes('.'), 'a schema or table name has no dots or quotes');
const keys = z.array(z.string().min(1)).min(1, 'give at least one consolidation key');

function consolidationOf(mapping: Mapping) {
  return mapping.consolidation ?? { consolidatedSchema: null, consolidatedTableName: null, viewSchema: null };
}

/** `change_mapping_consolidation_settings` (keys as a list always work: managealooma's §9.7 is fixed). */
export const mappingConsolidationKind = mappingChangeKind({
  name: 'mapping.consolidation',
  fieldsAffected: true,
  params: z.object({ event, schema: name, table: name, keys }),
  change(mapping, p) {
    assertKeysMapped(mapping, p.keys);
    return {
      ...mapping,
      consolidation: {
        ...consolidationOf(mapping),
        consolidatedSchema: p.schema,
        consolidatedTableName: p.table,
        consolidationKeys: p.keys,
      },
    };
  },
  title: (ref, p) => `Consolidate ${ref.label} into ${p.schema}.${p.table} by ${p.keys.join(', ')}`,
});

/**
 * `change_mapping_to_use_log`: Alooma inserts into `<TABLE>_LOG` and a consolidation merges into the table.
 * The consolidated table is the one the mapping loaded into until now.
 */
export const mappingUseLogKind = mappingChangeKind({
  name: 'mapping.use-log',
  fieldsAffected: true,
  params: z.object({ event }),
  change(mapping) {
    const target = mapping.mapping;
    if (!target?.schema || !target.tableName) {
      throw new UserError('not_mapped', `Event type \`${mapping.name}\` is not mapped to a table.`);
    }
    if (target.tableName.toUpperCase().endsWith('_LOG')) {
      throw new UserError('no_change', `Event type \`${mapping.name}\` already loads into ${target.tableName}.`);
    }
    const logSuffix = target.tableName === target.tableName.toLowerCase() ? '_log' : '_LOG';
    return {
      ...mapping,
      mapping: { ...target, tableName: `${target.tableName}${logSuffix}` },
      consolidation: {
        ...consolidationOf(mapping),
        consolidatedSchema: target.schema,
        consolidatedTableName: target.tableName,
      },
    };
  },
  title: (ref) => `Load ${ref.label} into its _LOG table and consolidate into the table`,
});

/**
 * `change_mapping_for_manual_consolidation_creation`, fixed (§9.7): keys as a list work, and `lower` applies to the
 * schema and table too (managealooma upper-cased them even for case='LOWER').
 */
export const mappingManualConsolidationKind = mappingChangeKind({
  name: 'mapping.manual-consolidation',
  fieldsAffected: true,
  params: z.object({ event, schema: name, table: name, keys, case: z.enum(['UPPER', 'lower']).default('UPPER') }),
  change(mapping, p) {
    assertKeysMapped(mapping, p.keys);
    const cased = (value: string) => (p.case === 'UPPER' ? value.toUpperCase() : value.toLowerCase());
    return {
      ...mapping,
      mapping: { ...(mapping.mapping ?? {}), schema: cased(p.schema), tableName: cased(`${p.table}_LOG`) },
      consolidation: {
        ...consolidationOf(mapping),
        consolidatedSchema: cased(p.schema),
        consolidatedTableName: cased(p.table),
        consolidationKeys: p.keys,
      },
    };
  },
  title: (ref, p) => `Prepare ${ref.label} for a manual consolidation into ${p.schema}.${p.table}`,
});

const copyParams = z.object({
  event,
  target: z.string().min(1),
  schema: name.optional(),
  table: name.optional(),
  input: z.string().min(1).optional(),
  /** The source mapping as read at proposal: the reviewer approves exactly this copy. */
  source: MappingSchema,
});
type CopyParams = z.infer<typeof copyParams>;

/** Server-owned or per-event-type fields that a copy must not carry over. */
const NOT_COPIED = ['stats', 'state', 'inputObjects', 'schemaUrls', 'autoMappingError', 'usingDefaultMappingMode'];

function withoutDerived(mapping: Mapping): Mapping {
  return Object.fromEntries(Object.entries(mapping).filter(([key]) => !NOT_COPIED.includes(key))) as Mapping;
}

/**
 * `copy_mapping` / `set_mapping_from_existing_mapping`: the target event type gets the source's mapping, with its
 * own name and optionally another schema, table and input label. The target may not exist yet (resource null):
 * the write creates it.
 */
export const mappingCopyKind: ChangeKind<Mapping | null, CopyParams> = {
  name: 'mapping.copy',
  params: copyParams,
  revert: revertBy.mapping,
  async locate(pipeline, p) {
    if (p.target === p.event) throw new UserError('same_event', 'Copy a mapping to another event type, not to itself.');
    const target = await readMappingOrNull(pipeline, p.target);
    return { ref: { type: 'event_type', id: p.target, label: p.target }, resource: target };
  },
  load: (pipeline, ref) => readMappingOrNull(pipeline, ref.id),
  // What the copy decides: the pipeline derives the rest (state, input objects, …) for the new event type.
  snapshot: (mapping) => (mapping === null ? null : maskedJsonCopy(withoutDerived(mapping))),
  change(target, p) {
    const copy = withoutDerived(p.source);
    const kept = target
      ? Object.fromEntries(Object.entries(target).filter(([key]) => NOT_COPIED.includes(key) && key !== 'stats'))
      : {};
    return {
      ...copy,
      ...kept,
      name: p.target,
      mapping: {
        ...(p.source.mapping ?? {}),
        ...(p.schema ? { schema: p.schema } : {}),
        ...(p.table ? { tableName: p.table } : {}),
      },
      ...(p.input ? { origInputLabel: p.input } : {}),
    };
  },
  title: (ref, p) => `Copy the mapping of ${p.event} to ${ref.label}`,
  async write(pipeline, ref, _before, after) {
    if (!after) throw new UserError('no_mapping', 'Nothing to write.');
    await pipeline.setMapping(ref.id, after);
  },
  preview: async (_pipeline, { before, after }) =>
    after
      ? mappingChangePreview(before ?? { name: after.name }, after)
      : { title: 'Mapping change', summary: 'None.', items: [] },
};

export const mappingTableKinds = [
  mappingConsolidationKind,
  mappingUseLogKind,
  mappingManualConsolidationKind,
  mappingCopyKind,
];
