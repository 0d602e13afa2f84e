import type { PipelineProvider } from '../pipeline/provider.js';
import type { EventTypeSummary, Mapping, MappingMode } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';
import { pickEventType } from './find-event-type.js';
import { unmappedFieldPaths } from './unmapped-fields.js';

/** One row of `event list`: what managealooma's `view_events` table shows. */
export interface EventTypeRow {
  name: string;
  /** The input label (`origInputLabel`); null when the pipeline does not say. */
  input: string | null;
  mappingMode: MappingMode | null;
  usingDefaultMappingMode: boolean;
  state: string | null;
  /** `SCHEMA.TABLE` it loads into; null when unmapped or discarded. */
  table: string | null;
  consolidationKeys: string[];
  count: number | null;
}

/** `event show`: the row plus the mapping's fields. */
export interface EventTypeDetail extends EventTypeRow {
  mapping: Mapping;
  consolidatedTable: string | null;
  unmappedFields: string[];
}

/** Read-only questions about event types (managealooma's Events) and the default mapping mode. */
export class EventTypeCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  /** Every event type, or those of one input label (case-insensitive; a UserError listing the labels when none). */
  async list(inputLabel?: string): Promise<EventTypeRow[]> {
    const rows = (await this.#pipeline.listEventTypes()).map(toRow).sort((a, b) => a.name.localeCompare(b.name));
    if (inputLabel === undefined) return rows;
    const matching = rows.filter((row) => row.input?.toLowerCase() === inputLabel.toLowerCase());
    if (matching.length > 0) return matching;
    const labels = [...new Set(rows.flatMap((row) => (row.input ? [row.input] : [])))].sort();
    throw new UserError(
      'no_event_types_for_input',
      `No event type comes from an input labelled \`${inputLabel}\`. Input labels: ${labels.join(', ') || '(none)'}.`,
    );
  }

  async show(name: string): Promise<EventTypeDetail> {
    const summary = pickEventType(await this.#pipeline.listEventTypes(), name);
    const mapping = await this.#pipeline.getMapping(summary.name);
    const consolidation = mapping.consolidation;
    return {
      ...toRow({ ...summary, ...mapping, stats: summary.stats }),
      mapping,
      consolidatedTable: consolidation?.consolidatedTableName
        ? `${consolidation.consolidatedSchema || '?'}.${consolidation.consolidatedTableName}`
        : null,
      unmappedFields: unmappedFieldPaths(mapping.fields ?? []),
    };
  }

  defaultMappingMode(): Promise<MappingMode> {
    return this.#pipeline.getDefaultMappingMode();
  }
}

function toRow(eventType: EventTypeSummary & Partial<Pick<Mapping, 'mapping' | 'consolidation'>>): EventTypeRow {
  const target = eventType.mapping as Mapping['mapping'] | undefined;
  const keys = (eventType.consolidation as Mapping['consolidation'] | undefined)?.consolidationKeys;
  return {
    name: eventType.name,
    input: eventType.origInputLabel ?? null,
    mappingMode: eventType.mappingMode ?? null,
    usingDefaultMappingMode: eventType.usingDefaultMappingMode === true,
    state: eventType.state ?? null,
    table: target && !target.isDiscarded && target.tableName ? `${target.schema || '?'}.${target.tableName}` : null,
    consolidationKeys: Array.isArray(keys) ? keys : [],
    count: eventType.stats?.count ?? null,
  };
}
