import type { z } from 'zod';
import { mappingChangePreview } from '../../mappings/mapping-change-preview.js';
import { readMapping, readMappingOrNull } from '../../mappings/read-mapping.js';
import type { Mapping } from '../../pipeline/schemas.js';
import type { ChangeKind, ResourceRef } from '../change-kind.js';
import { maskedAsIs } from '../masked-as-is.js';
import { revertBy } from '../restore-kind-names.js';

/**
 * What every mapping change shares: the resource is an event type's mapping, read by name and written whole
 * (`POST event-types/{name}/mapping`), as managealooma's `_apply_mapping_changes` does; reverted by restoring it.
 */
export function mappingChangeKind<Params extends { event: string }>(definition: {
  name: string;
  params: z.ZodType<Params>;
  change: (mapping: Mapping, params: Params) => Mapping;
  title: (ref: ResourceRef, params: Params) => string;
  /** The card lists the fields the change affects and the warehouse DDL they need; off where no field changes. */
  fieldsAffected: boolean;
}): ChangeKind<Mapping, Params> {
  const { fieldsAffected, ...kind } = definition;
  return {
    ...kind,
    revert: revertBy.mapping,
    async locate(pipeline, { event }) {
      const mapping = await readMapping(pipeline, event);
      return { ref: { type: 'event_type', id: mapping.name, label: mapping.name }, resource: mapping };
    },
    load: (pipeline, ref) => readMappingOrNull(pipeline, ref.id),
    snapshot: maskedAsIs,
    async write(pipeline, ref, _before, after) {
      await pipeline.setMapping(ref.id, after);
    },
    ...(fieldsAffected ? { preview: async (_pipeline, { before, after }) => mappingChangePreview(before, after) } : {}),
  };
}
