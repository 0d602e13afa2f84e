import { describe, expect, it } from 'vitest';
import { createTransactionGuard, TransactionMisuseError } from './transaction-guard.js';

describe('createTransactionGuard', () => {
  it('checking: refuses inside a running transaction only, not after it or beside it', async () => {
    const guard = createTransactionGuard(true);
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    const inside = guard.run(async () => {
      await held;
      expect(() => guard.assertOutside('query')).toThrow(TransactionMisuseError);
      return 'done';
    });
    // Another caller while the transaction is open: not inside it.
    expect(() => guard.assertOutside('query')).not.toThrow();
    release();
    await expect(inside).resolves.toBe('done');
    expect(() => guard.assertOutside('query')).not.toThrow();
  });

  it('not checking (production): runs the callback as it is, passing its result and its failure on', async () => {
    const guard = createTransactionGuard(false);
    await expect(
      guard.run(async () => {
        guard.assertOutside('query');
        return 42;
      }),
    ).resolves.toBe(42);
    await expect(guard.run(() => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
  });
});
