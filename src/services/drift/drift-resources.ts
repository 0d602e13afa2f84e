import type { ResourceRef } from '../changes/change-kind.js';
import {
  restoreConsolidationKind,
  restoreDefaultModeKind,
  restoreInputKind,
  restoreMappingKind,
} from '../changes/kinds/restore-kinds.js';
import { type JsonValue, toJsonValue } from '../json-value.js';
import { readMappingOrNull } from '../mappings/read-mapping.js';
import type { PipelineProvider } from '../pipeline/provider.js';

/** A resource pipeops manages, as the pipeline shows it now: its ref, raw JSON and snapshot. */
export interface ObservedResource {
  ref: ResourceRef;
  raw: JsonValue;
  snapshot: JsonValue;
}

/**
 * Reads every resource drift detection watches: inputs, event-type mappings, consolidation slots and the default
 * mapping mode (the families that have a restore kind, so a drift can be reverted). Refs and snapshots are those of
 * the restore kinds, so a drift's Revert is an ordinary restore request on the same resource.
 */
export async function readManagedResources(pipeline: PipelineProvider): Promise<ObservedResource[]> {
  const observed: ObservedResource[] = [];
  for (const input of await pipeline.listInputs()) {
    const { stats: _stats, ...raw } = input as typeof input & { stats?: unknown };
    observed.push({
      ref: { type: 'input', id: input.id, label: input.name },
      raw: toJsonValue(raw),
      snapshot: restoreInputKind.snapshot(input),
    });
  }
  const eventTypes = (await pipeline.listEventTypes()).map((eventType) => eventType.name).sort();
  const queries = await pipeline.listConsolidations();
  for (const name of eventTypes) {
    const mapping = await readMappingOrNull(pipeline, name);
    if (!mapping) continue;
    observed.push({
      ref: { type: 'event_type', id: mapping.name, label: mapping.name },
      raw: toJsonValue(mapping),
      snapshot: restoreMappingKind.snapshot(mapping),
    });
    const slot = { eventType: mapping.name, query: queries.find((query) => query.event_type === mapping.name) ?? null };
    observed.push({
      ref: { type: 'consolidation', id: mapping.name, label: mapping.name },
      raw: toJsonValue(slot),
      snapshot: restoreConsolidationKind.snapshot(slot),
    });
  }
  const mode = { mode: await pipeline.getDefaultMappingMode() };
  observed.push({
    ref: { type: 'default_mapping_mode', id: 'default', label: 'default mapping mode' },
    raw: toJsonValue(mode),
    snapshot: restoreDefaultModeKind.snapshot(mode),
  });
  return observed;
}
