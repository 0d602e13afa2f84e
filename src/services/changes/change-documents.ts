import type { Queryable } from '../db/database.js';
import { deepFreezeWeighing } from '../deep-freeze.js';
import type { JsonValue } from '../json-value.js';
import type { ChangePreview } from './change-kind.js';

/** What a proposal computes once and never changes: the snapshots, the diff and the preview. */
export interface ChangeDocuments {
  before: JsonValue;
  after: JsonValue;
  diff: string;
  preview: ChangePreview | null;
}

/**
 * How much the cache holds, weighed in parsed values (deepFreezeWeighing): a 5,000-field mapping's request weighs
 * ~130,000 (a few MB parsed), an input's ~25, so 1,000,000 holds seven of the former or thousands of the latter. A
 * count of requests held either too few small ones (a burst of 160 pauses approved after all were proposed re-read
 * and re-parsed each one) or too many large ones.
 */
const DEFAULT_WEIGHT_LIMIT = 1_000_000;

/** Stores a new request's documents (table change_documents, migration 007), in the proposal's transaction. */
export async function insertChangeDocuments(db: Queryable, id: number, documents: ChangeDocuments): Promise<void> {
  await db.query(
    `INSERT INTO change_documents (change_id, before_state, after_state, diff, preview)
     VALUES ($1, $2::jsonb, $3::jsonb, $4, $5::jsonb)`,
    [
      id,
      JSON.stringify(documents.before),
      JSON.stringify(documents.after),
      documents.diff,
      documents.preview === null ? null : JSON.stringify(documents.preview),
    ],
  );
}

/**
 * The documents of recent requests, parsed once. A request is read several times per approval (approve, apply,
 * verify, every card), and parsing megabytes of stored JSON at each read cost more than the apply itself. The
 * documents never change after the insert, so a cached copy can never be stale; a cache belongs to one
 * ChangeService (one database), and its copies are frozen because every reader shares them.
 */
export class ChangeDocumentCache {
  readonly #entries = new Map<number, { documents: ChangeDocuments; weight: number }>();
  readonly #weightLimit: number;
  #weight = 0;

  constructor(options: { weightLimit?: number } = {}) {
    this.#weightLimit = options.weightLimit ?? DEFAULT_WEIGHT_LIMIT;
  }

  remember(id: number, documents: ChangeDocuments): ChangeDocuments {
    const weight = deepFreezeWeighing(documents);
    this.#forget(id);
    // One document heavier than the whole cache is handed out (frozen) without being kept.
    if (weight > this.#weightLimit) return documents;
    this.#entries.set(id, { documents, weight });
    this.#weight += weight;
    for (const oldest of this.#entries.keys()) {
      if (this.#weight <= this.#weightLimit) break;
      this.#forget(oldest);
    }
    return documents;
  }

  #forget(id: number): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#weight -= entry.weight;
  }

  /** The documents of these requests, from the cache or else in one query. */
  async read(db: Queryable, ids: readonly number[]): Promise<Map<number, ChangeDocuments>> {
    const found = new Map<number, ChangeDocuments>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.#entries.get(id)?.documents;
      if (cached) found.set(id, cached);
      else missing.push(String(id));
    }
    if (missing.length === 0) return found;
    const { rows } = await db.query<{
      change_id: number;
      before_state: JsonValue;
      after_state: JsonValue;
      diff: string;
      preview: ChangePreview | null;
    }>(
      `SELECT change_id, before_state, after_state, diff, preview FROM change_documents
        WHERE CAST(change_id AS TEXT) = ANY($1::text[])`,
      [missing],
    );
    for (const row of rows) {
      found.set(
        row.change_id,
        this.remember(row.change_id, {
          before: row.before_state,
          after: row.after_state,
          diff: row.diff,
          preview: row.preview,
        }),
      );
    }
    return found;
  }
}
