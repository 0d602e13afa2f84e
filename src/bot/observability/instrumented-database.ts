import type { Database, Queryable } from '../../services/db/database.js';
import type { DatabaseOperation, PipeopsMetrics } from './metrics.js';

/**
 * The Database with every statement, script and transaction timed into `pipeops_db_seconds`. Statements inside
 * a transaction count as `query` too; the transaction's own time includes them and the commit.
 */
export function instrumentDatabase(db: Database, metrics: PipeopsMetrics): Database {
  const timed = async <T>(operation: DatabaseOperation, run: () => Promise<T>): Promise<T> => {
    const stop = metrics.databaseLatency.startTimer({ operation });
    try {
      const result = await run();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  };
  const timedQueryable = (target: Queryable): Queryable => ({
    query: <Row>(sql: string, params?: readonly unknown[]) => timed('query', () => target.query<Row>(sql, params)),
    exec: (script) => timed('exec', () => target.exec(script)),
  });
  return {
    backend: db.backend,
    ...timedQueryable(db),
    transaction: (fn) => timed('transaction', () => db.transaction((tx) => fn(timedQueryable(tx)))),
    close: () => db.close(),
  };
}
