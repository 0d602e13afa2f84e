import { z } from 'zod';
import { assertKeysMapped } from '../../mappings/mapping-fields.js';
import { readMapping, readMappingOrNull } from '../../mappings/read-mapping.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import { type Mapping, MappingModeSchema } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ResourceRef } from '../change-kind.js';
import { maskedAsIs } from '../masked-as-is.js';
import { revertBy } from '../restore-kind-names.js';

/** The parts every mapping change shares: the resource is an event type's mapping, written whole. */
function mappingKind<Params extends { event: string }>(
  name: string,
  params: z.ZodType<Params>,
  change: (mapping: Mapping, params: Params) => Mapping,
  title: (ref: ResourceRef, params: Params) => string,
): ChangeKind<Mapping, Params> {
  return {
    name,
    params,
    revert: revertBy.mapping,
    async locate(pipeline: PipelineProvider, { event }: Params) {
      const mapping = await readMapping(pipeline, event);
      return { ref: { type: 'event_type', id: mapping.name, label: mapping.name }, resource: mapping };
    },
    load: (pipeline, ref) => readMappingOrNull(pipeline, ref.id),
    snapshot: maskedAsIs,
    change,
    title,
    async write(pipeline, ref, _before, after) {
      await pipeline.setMapping(ref.id, after);
    },
  };
}

const modeParams = z.object({ event: z.string().min(1), mode: MappingModeSchema });

export const mappingModeKind = mappingKind(
  'mapping.mode',
  modeParams,
  (mapping, { mode }) => {
    if (mapping.mappingMode === mode) {
      throw new UserError('no_change', `Event type \`${mapping.name}\` is already in ${mode} mode.`);
    }
    return { ...mapping, mappingMode: mode };
  },
  (ref, { mode }) => `Set mapping mode of ${ref.label} to ${mode}`,
);

const keysParams = z.object({ event: z.string().min(1), keys: z.array(z.string().min(1)).min(1) });

export const mappingKeysKind = mappingKind(
  'mapping.keys',
  keysParams,
  (mapping, { keys }) => {
    const current = mapping.consolidation?.consolidationKeys;
    if (Array.isArray(current) && current.length === keys.length && current.every((key, i) => key === keys[i])) {
      throw new UserError(
        'no_change',
        `Event type \`${mapping.name}\` already has consolidation keys ${keys.join(', ')}.`,
      );
    }
    assertKeysMapped(mapping, keys);
    const consolidation = mapping.consolidation ?? {
      consolidatedSchema: null,
      consolidatedTableName: null,
      viewSchema: null,
    };
    return { ...mapping, consolidation: { ...consolidation, consolidationKeys: keys } };
  },
  (ref, { keys }) => `Set consolidation keys of ${ref.label} to ${keys.join(', ')}`,
);
