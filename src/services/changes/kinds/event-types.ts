import { z } from 'zod';
import { pickEventType } from '../../events/find-event-type.js';
import { unmappedFieldPaths, withoutUnmappedFields } from '../../events/unmapped-fields.js';
import { readMappingOrNull } from '../../mappings/read-mapping.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import type { Mapping } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ResourceRef } from '../change-kind.js';
import { maskedAsIs } from '../masked-as-is.js';
import { eventTypeLossLines } from './inputs.js';

/** Event-type change kinds (managealooma Events and `remove_unmapped_fields_and_clear_table_stats`, issue 9). */

const params = z.object({ event: z.string().min(1) });
type Params = z.infer<typeof params>;

/** By exact (or unambiguous case-insensitive) name; a UserError with the closest names otherwise. */
async function locateEventType(
  pipeline: PipelineProvider,
  name: string,
): Promise<{ ref: ResourceRef; resource: Mapping }> {
  const summary = pickEventType(await pipeline.listEventTypes(), name);
  const mapping = await readMappingOrNull(pipeline, summary.name);
  if (!mapping) throw new UserError('event_type_not_found', `No event type named \`${name}\`.`);
  return { ref: { type: 'event_type', id: mapping.name, label: mapping.name }, resource: mapping };
}

export const eventDeleteKind: ChangeKind<Mapping | null, Params> = {
  name: 'event.delete',
  params,
  destructive: true,
  revert: {
    impossible: 'A deleted event type cannot be brought back with its stats: new events of the type map it again.',
  },
  locate: (pipeline, { event }) => locateEventType(pipeline, event),
  load: (pipeline, ref) => readMappingOrNull(pipeline, ref.id),
  // null once deleted: maskedAsIs gives null for it, and the checks read the mapping in place while it exists.
  snapshot: maskedAsIs,
  change: () => null,
  title: (ref) => `DELETE event type ${ref.label}`,
  async write(pipeline, ref) {
    await pipeline.deleteEventType(ref.id);
  },
  async preview(pipeline, { ref, before }) {
    const fields = unmappedFieldPaths(before?.fields ?? []);
    return {
      title: 'What is lost',
      summary: `The event type ${ref.label}: its mapping, its consolidation settings and its stats. The warehouse tables stay; new events of this type are mapped again from scratch (default mapping mode).`,
      items: [
        {
          label: ref.label,
          lines: [
            ...(await eventTypeLossLines(pipeline, ref.id)),
            ...(fields.length > 0 ? [`unmapped fields: ${fields.join(', ')}`] : []),
          ],
        },
      ],
    };
  },
};

export const eventClearStatsKind: ChangeKind<Mapping, Params> = {
  name: 'event.clear-stats',
  params,
  revert: { impossible: 'Cleared stats cannot be restored; new events bring their unmapped fields back.' },
  locate: (pipeline, { event }) => locateEventType(pipeline, event),
  load: (pipeline, ref) => readMappingOrNull(pipeline, ref.id),
  snapshot: maskedAsIs,
  change(mapping) {
    if (unmappedFieldPaths(mapping.fields ?? []).length === 0) {
      throw new UserError(
        'no_change',
        `Event type \`${mapping.name}\` has no unmapped fields: clear-stats would only reset its counters, which a reviewer cannot check. Nothing proposed.`,
      );
    }
    return { ...mapping, fields: withoutUnmappedFields(mapping.fields ?? []) };
  },
  title: (ref) => `Remove the unmapped fields of ${ref.label} and clear its stats`,
  async write(pipeline, ref) {
    await pipeline.clearEventTypeStats(ref.id);
  },
  async preview(_pipeline, { ref, before }) {
    const fields = unmappedFieldPaths(before.fields ?? []);
    return {
      title: 'Unmapped fields that disappear',
      summary: `${fields.length} unmapped field${fields.length === 1 ? '' : 's'} of ${ref.label} are removed from the mapper; the field and table counters start again from 0.`,
      items: [{ label: ref.label, lines: fields }],
    };
  },
};

/** Every event-type kind of this file, for change-kinds.ts. */
export const eventTypeKinds = [eventDeleteKind, eventClearStatsKind] as const;
