import type { ConsolidationQuery } from '../pipeline/consolidation-schemas.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { UserError } from '../user-error.js';
import { readSlot } from './consolidation-slot.js';

/** Read-only questions about scheduled consolidation queries (managealooma's scheduled_query_table and friends). */
export class ConsolidationCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  async list(): Promise<ConsolidationQuery[]> {
    return (await this.#pipeline.listConsolidations()).sort((a, b) => a.event_type.localeCompare(b.event_type));
  }

  /** The query of one event type; a UserError when the event type or its query does not exist. */
  async show(eventType: string): Promise<ConsolidationQuery> {
    const slot = await readSlot(this.#pipeline, eventType);
    if (!slot.query) {
      throw new UserError(
        'no_consolidation',
        `Event type \`${slot.eventType}\` has no consolidation query. Create one with \`consolidation create ${slot.eventType}\`.`,
      );
    }
    return slot.query;
  }

  /** Queries whose last run failed (`error_message` set), as the reference client's get_queries_in_error_state. */
  async inErrorState(): Promise<ConsolidationQuery[]> {
    return (await this.list()).filter((query) => !!query.error_message);
  }
}
