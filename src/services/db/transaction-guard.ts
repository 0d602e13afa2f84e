import { AsyncLocalStorage } from 'node:async_hooks';

/** Thrown when code inside `db.transaction(fn)` uses the Database itself instead of the `tx` handed to `fn`. */
export class TransactionMisuseError extends Error {
  constructor(method: string) {
    super(
      `Database.${method}() was called inside Database.transaction(): use the transaction handle passed to the ` +
        'callback instead (on SQLite the call would wait for the transaction to end, forever; on PostgreSQL it ' +
        'would run outside the transaction).',
    );
    this.name = 'TransactionMisuseError';
  }
}

/**
 * Tracks whether one Database has a transaction running in the current async context, so that a call on
 * the Database (rather than on `tx`) from inside the callback fails at once instead of deadlocking.
 * Work that the callback started but left running after the transaction ended is not refused.
 * One guard per Database: each has its own storage, so transactions of other databases do not interfere.
 */
export interface TransactionGuard {
  /** Throws if the caller is inside a running transaction of this guard's Database. */
  assertOutside(method: string): void;
  /** Runs `fn` marked as inside a transaction until it settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The checking guard, or (`enabled: false`) one that checks nothing. The check needs AsyncLocalStorage, which
 * makes Node track the context of every promise in the process: measured on the approval benchmark, 15–25% of
 * the bot's CPU per approval. Misuse is a programming error that the tests (which run with the check) find, so
 * production (`npm start`, NODE_ENV=production) runs without it.
 */
export function createTransactionGuard(enabled: boolean): TransactionGuard {
  if (!enabled) return { assertOutside() {}, run: (fn) => fn() };
  const storage = new AsyncLocalStorage<{ active: boolean }>();
  return {
    assertOutside(method) {
      if (storage.getStore()?.active) throw new TransactionMisuseError(method);
    },
    async run(fn) {
      const scope = { active: true };
      try {
        return await storage.run(scope, fn);
      } finally {
        scope.active = false;
      }
    },
  };
}
