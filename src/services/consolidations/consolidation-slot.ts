import { unknownEventType } from '../events/find-event-type.js';
import { readMappingOrNull } from '../mappings/read-mapping.js';
import type { ConsolidationQuery } from '../pipeline/consolidation-schemas.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { UserError } from '../user-error.js';

/**
 * An event type's consolidation: its scheduled query, or none. The event type itself must exist (a consolidation
 * belongs to one), so create and remove change the slot, never a resource that appears from nothing.
 */
export interface ConsolidationSlot {
  eventType: string;
  query: ConsolidationQuery | null;
}

/** The slot of an existing event type; null when the event type does not exist. */
export async function readSlotOrNull(pipeline: PipelineProvider, eventType: string): Promise<ConsolidationSlot | null> {
  const mapping = await readMappingOrNull(pipeline, eventType);
  if (!mapping) return null;
  const queries = (await pipeline.listConsolidations(mapping.name)).filter(
    (query) => query.event_type === mapping.name,
  );
  if (queries.length > 1) {
    // The reference client refuses this too (`Event Type %s has duplicate consolidations`).
    throw new UserError(
      'duplicate_consolidations',
      `Event type \`${mapping.name}\` has ${queries.length} consolidation queries (${queries.map((q) => q.id).join(', ')}); fix that in the pipeline first.`,
    );
  }
  return { eventType: mapping.name, query: queries[0] ?? null };
}

export async function readSlot(pipeline: PipelineProvider, eventType: string): Promise<ConsolidationSlot> {
  const slot = await readSlotOrNull(pipeline, eventType);
  if (!slot) throw unknownEventType(await pipeline.listEventTypes(), eventType);
  return slot;
}
