import type { PipelineProvider } from '../pipeline/provider.js';
import type { EventTypeSummary, Mapping } from '../pipeline/schemas.js';
import { readMapping } from './read-mapping.js';

/** Read-only questions about event types and their mappings. */
export class MappingCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  async listEventTypes(): Promise<EventTypeSummary[]> {
    return (await this.#pipeline.listEventTypes()).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(eventType: string): Promise<Mapping> {
    return readMapping(this.#pipeline, eventType);
  }
}
