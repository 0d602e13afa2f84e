import type { Queryable } from '../db/database.js';
import { deepFreeze } from '../deep-freeze.js';
import type { JsonValue } from '../json-value.js';
import type { ChangePreview } from './change-kind.js';

/** What a proposal computes once and never changes: the snapshots, the diff and the preview. */
export interface ChangeDocuments {
  before: JsonValue;
  after: JsonValue;
  diff: string;
  preview: ChangePreview | null;
}

/** A 5,000-field mapping's documents are ~10 MB parsed: 64 requests stay well within the memory target. */
const CACHE_LIMIT = 64;

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
  readonly #entries = new Map<number, ChangeDocuments>();

  remember(id: number, documents: ChangeDocuments): ChangeDocuments {
    const frozen = deepFreeze(documents);
    this.#entries.delete(id);
    this.#entries.set(id, frozen);
    if (this.#entries.size > CACHE_LIMIT) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return frozen;
  }

  /** The documents of these requests, from the cache or else in one query. */
  async read(db: Queryable, ids: readonly number[]): Promise<Map<number, ChangeDocuments>> {
    const found = new Map<number, ChangeDocuments>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.#entries.get(id);
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
