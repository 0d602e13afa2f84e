import { type MappingField, type MappingMode, MappingModeSchema, MappingSchema } from '../pipeline/schemas.js';
import { describeIssue } from './describe-issue.js';
import type { SandboxData, SandboxEventType } from './sandbox-data.js';
import { badRequest, notFound } from './sandbox-http-error.js';
import { fillMissingFields, keepStoredFields } from './server-owned-fields.js';

/** Kept from the stored event type when a posted mapping leaves them out: the pipeline derives them. */
const SERVER_DERIVED_FIELDS = ['origInputLabel', 'inputObjects', 'schemaUrls', 'state', 'autoMappingError'];
/** Never taken from a posted mapping (see storeMapping). */
const SERVER_OWNED_FIELDS = ['stats', 'usingDefaultMappingMode'];

/** `GET event-types`: every event type without its `fields` (stats included). */
export function listEventTypeSummaries(data: Readonly<SandboxData>): Omit<SandboxEventType, 'fields'>[] {
  return Object.values(data.eventTypes).map(({ fields: _fields, ...summary }) => summary);
}

/** `GET event-types/{name}`: the full event type, stats included (clients strip them, like get_mapping). */
export function getEventType(data: Readonly<SandboxData>, name: string): SandboxEventType {
  const eventType = data.eventTypes[name];
  if (!eventType) throw notFound(`No event type named '${name}'`);
  return eventType;
}

/**
 * `POST event-types/{name}/mapping`: validates and stores the whole mapping.
 * - `name` must be the URL's name; `mappingMode`, when present, one of AUTO_MAP|STRICT|FLEXIBLE.
 * - `stats` (top level and per field) are server-owned: the posted ones are ignored, stored ones kept.
 * - `usingDefaultMappingMode` is server-owned too: it becomes false when the posted mode differs from
 *   the stored one (the mode was set explicitly) and is otherwise unchanged, because clients post back
 *   the mode they read even when it is the default.
 */
export function storeMapping(data: SandboxData, name: string, body: unknown): SandboxEventType {
  const stored = data.eventTypes[name] ?? newEventTypeFor(name, body) ?? getEventType(data, name);
  const parsed = MappingSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Invalid mapping: ${describeIssue(parsed.error)}`);
  const mapping = parsed.data;
  if (mapping.name !== name) {
    throw badRequest(`Mapping name '${mapping.name}' does not match event type '${name}' in the URL`);
  }
  if (mapping.mappingMode === null)
    throw badRequest(`mappingMode must be one of ${MappingModeSchema.options.join(', ')}`);
  const mappingMode = mapping.mappingMode ?? stored.mappingMode;

  const next: SandboxEventType = { ...mapping };
  fillMissingFields(next, stored, SERVER_DERIVED_FIELDS);
  keepStoredFields(next, stored, SERVER_OWNED_FIELDS);
  next.mappingMode = mappingMode;
  if (mappingMode !== stored.mappingMode) next.usingDefaultMappingMode = false;
  next.fields = withStoredStats(mapping.fields ?? [], stored.fields ?? []);
  data.eventTypes[name] = next;
  return next;
}

/** Out-of-band mode change, as a user of the pipeline's UI would make it: explicit, so not the default. */
export function setMappingMode(data: SandboxData, name: string, mode: unknown): SandboxEventType {
  const eventType = getEventType(data, name);
  const parsed = MappingModeSchema.safeParse(mode);
  if (!parsed.success) throw badRequest(`mappingMode must be one of ${MappingModeSchema.options.join(', ')}`);
  const mappingMode: MappingMode = parsed.data;
  eventType.mappingMode = mappingMode;
  eventType.usingDefaultMappingMode = false;
  return eventType;
}

function withStoredStats(fields: MappingField[], storedFields: MappingField[]): MappingField[] {
  return fields.map((field) => {
    const { stats: _posted, ...rest } = field;
    const stored = storedFields.find((candidate) => candidate.fieldName === field.fieldName);
    const next: MappingField = { ...rest, fields: withStoredStats(field.fields, stored?.fields ?? []) };
    if (stored && stored.stats !== undefined) next.stats = stored.stats;
    return next;
  });
}

/**
 * The reference leaves open what the pipeline does with a mapping for an unknown event type. The sandbox creates the
 * event type when the posted mapping names its table (managealooma's copy_mapping relies on that), with no stats and
 * no input objects yet; anything else stays a 404.
 */
function newEventTypeFor(name: string, body: unknown): SandboxEventType | undefined {
  const parsed = MappingSchema.safeParse(body);
  if (!parsed.success || parsed.data.name !== name || !parsed.data.mapping?.schema || !parsed.data.mapping.tableName) {
    return undefined;
  }
  return {
    name,
    mappingMode: parsed.data.mappingMode ?? 'STRICT',
    state: 'MAPPED',
    usingDefaultMappingMode: false,
    autoMappingError: null,
    origInputLabel: null,
    inputObjects: {},
    schemaUrls: [],
    stats: { count: 0 },
    fields: [],
  };
}
