import { withoutUnmappedFields } from '../events/unmapped-fields.js';
import { type MappingField, type MappingMode, MappingModeSchema } from '../pipeline/schemas.js';
import { dropOrphans } from './sandbox-consolidations.js';
import type { SandboxData, SandboxEventType } from './sandbox-data.js';
import { getEventType } from './sandbox-event-types.js';
import { badRequest } from './sandbox-http-error.js';

/**
 * `DELETE event-types/{name}`: removes the event type (its mapping and stats) and its consolidation query, so that
 * an event type created again under that name does not inherit the old query.
 */
export function deleteEventType(data: SandboxData, name: string): SandboxEventType {
  const eventType = getEventType(data, name);
  delete data.eventTypes[name];
  dropOrphans(data);
  return eventType;
}

/**
 * `DELETE event-types/{name}/clear-stats`: removes the unmapped fields (see events/unmapped-fields.ts) and clears
 * the UI stats (the event type's count and every remaining field's count start again from 0).
 */
export function clearEventTypeStats(data: SandboxData, name: string): SandboxEventType {
  const eventType = getEventType(data, name);
  eventType.fields = zeroStats(withoutUnmappedFields(eventType.fields ?? []));
  eventType.stats = { count: 0 };
  return eventType;
}

function zeroStats(fields: MappingField[]): MappingField[] {
  return fields.map((field) => ({
    ...field,
    ...(field.stats === undefined ? {} : { stats: { count: 0 } }),
    fields: zeroStats(field.fields),
  }));
}

/**
 * `POST mapping-mode` (the body is the mode as a JSON string): the default mode. Event types that use the default
 * (`usingDefaultMappingMode`) follow it, as in Alooma's mapper.
 */
export function setDefaultMappingMode(data: SandboxData, body: unknown): MappingMode {
  const parsed = MappingModeSchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest(`The body must be a JSON string, one of ${MappingModeSchema.options.join(', ')}`);
  }
  data.defaultMappingMode = parsed.data;
  for (const eventType of Object.values(data.eventTypes)) {
    if (eventType.usingDefaultMappingMode) eventType.mappingMode = parsed.data;
  }
  return parsed.data;
}
