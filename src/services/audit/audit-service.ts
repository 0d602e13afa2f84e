import type { Clock } from '../clock.js';
import type { Queryable } from '../db/database.js';
import { type AuditEntry, type AuditFilter, type AuditQuery, auditAfter, countAudit, listAudit } from './audit-log.js';
import { parseSince } from './audit-since.js';
import { type ExpiredHistory, expireHistory } from './history-retention.js';

/** Entries per page of `/pipeline audit`. */
export const AUDIT_PAGE_SIZE = 20;
/** Rows of each history table deleted per housekeeping run at most. */
export const EXPIRY_BATCH = 1000;
const EXPORT_BATCH = 500;
const DAY_MS = 86_400_000;

export interface AuditPage {
  entries: AuditEntry[];
  /** 1-based; past the last page gives no entries. */
  page: number;
  pages: number;
  total: number;
}

export interface AuditServiceOptions {
  clock: Clock;
  /** PIPEOPS_AUDIT_RETENTION_DAYS: entries older than this are deleted by housekeeping; absent = kept forever. */
  retentionDays?: number | undefined;
  /** Rows deleted per table per run (tests make it small). */
  expiryBatch?: number;
}

/** Reading, paging, exporting and expiring the audit log (and alert thread history, under the same retention). */
export class AuditService {
  readonly #db: Queryable;
  readonly #options: AuditServiceOptions;

  constructor(db: Queryable, options: AuditServiceOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** `--since` text (`2d`, `2026-11-30`) as a time, counted back from this service's clock; undefined if not one. */
  since(text: string): Date | undefined {
    return parseSince(text, this.#options.clock.now());
  }

  /** Most recent first. */
  list(query: AuditQuery): Promise<AuditEntry[]> {
    return listAudit(this.#db, query);
  }

  async page(filter: AuditFilter, page: number): Promise<AuditPage> {
    const total = await countAudit(this.#db, filter);
    const entries = await listAudit(this.#db, {
      ...filter,
      limit: AUDIT_PAGE_SIZE,
      offset: (page - 1) * AUDIT_PAGE_SIZE,
    });
    return { entries, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), total };
  }

  /** Every matching entry, oldest first, read in batches (for `pipeops audit export`). */
  async *export(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const batch = await auditAfter(this.#db, after, filter, EXPORT_BATCH);
      yield* batch;
      const last = batch.at(-1);
      if (!last || batch.length < EXPORT_BATCH) return;
      after = last.id;
    }
  }

  /** One bounded round of expiry; null when history is kept forever. */
  async expire(): Promise<ExpiredHistory | null> {
    const days = this.#options.retentionDays;
    if (days === undefined) return null;
    const before = new Date(this.#options.clock.now().getTime() - days * DAY_MS);
    return expireHistory(this.#db, before, this.#options.expiryBatch ?? EXPIRY_BATCH);
  }
}
