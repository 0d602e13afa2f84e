import { AsyncLocalStorage } from 'node:async_hooks';

/** Thrown when code inside `db.transaction(fn)` uses the Database itself instead of the `tx` handed to `fn`. */
export class TransactionMisuseError extends Error {
  constructor(method: string) {
    super(
      `Database.${method}() was called inside Database.transaction(): use the transaction handle passed to the ` +
        'callback instead (on PGlite the call would wait for the transaction to end, forever; on PostgreSQL it ' +
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
export class TransactionGuard {
  readonly #storage = new AsyncLocalStorage<{ active: boolean }>();

  /** Throws if the caller is inside a running transaction of this guard's Database. */
  assertOutside(method: string): void {
    if (this.#storage.getStore()?.active) throw new TransactionMisuseError(method);
  }

  /** Runs `fn` marked as inside a transaction until it settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const scope = { active: true };
    try {
      return await this.#storage.run(scope, fn);
    } finally {
      scope.active = false;
    }
  }
}
