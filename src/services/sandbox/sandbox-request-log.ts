/** One REST call the sandbox answered (control calls under /__sandbox/ are not logged). */
export interface SandboxRequestLogEntry {
  method: string;
  /** Relative to the REST root, as sent (still URL-quoted), without the query. */
  path: string;
  /** The query string without `?`, or ''. */
  query: string;
  status: number;
  /** True when an injected fault produced the answer. */
  faulted: boolean;
}

export interface RequestLog {
  entries(): readonly SandboxRequestLogEntry[];
  add(entry: SandboxRequestLogEntry): void;
  clear(): void;
}

/** Keeps the most recent `limit` entries, so a long-running demo does not grow without bound. */
export function createRequestLog(limit = 1000): RequestLog {
  let entries: SandboxRequestLogEntry[] = [];
  return {
    entries: () => entries,
    add(entry) {
      entries.push(entry);
      if (entries.length > limit) entries = entries.slice(entries.length - limit);
    },
    clear() {
      entries = [];
    },
  };
}
