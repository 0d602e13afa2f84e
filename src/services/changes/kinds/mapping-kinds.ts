import { z } from 'zod';
import { assertKeysMapped } from '../../mappings/mapping-fields.js';
import { MappingModeSchema } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import { mappingChangeKind } from './mapping-change-kind.js';

const modeParams = z.object({ event: z.string().min(1), mode: MappingModeSchema });

export const mappingModeKind = mappingChangeKind({
  name: 'mapping.mode',
  params: modeParams,
  // The mode decides how new fields are mapped; no field of the mapping changes.
  fieldsAffected: false,
  change: (mapping, { mode }) => {
    if (mapping.mappingMode === mode) {
      throw new UserError('no_change', `Event type \`${mapping.name}\` is already in ${mode} mode.`);
    }
    return { ...mapping, mappingMode: mode };
  },
  title: (ref, { mode }) => `Set mapping mode of ${ref.label} to ${mode}`,
});

const keysParams = z.object({ event: z.string().min(1), keys: z.array(z.string().min(1)).min(1) });

export const mappingKeysKind = mappingChangeKind({
  name: 'mapping.keys',
  params: keysParams,
  fieldsAffected: false,
  change: (mapping, { keys }) => {
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
  title: (ref, { keys }) => `Set consolidation keys of ${ref.label} to ${keys.join(', ')}`,
});
