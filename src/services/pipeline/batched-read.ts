import { deepFreeze } from '../deep-freeze.js';
import { nextTurn } from '../next-turn.js';

/**
 * Reads of one list made in the same turn of the event loop share one request, sent at the end of that turn. Each
 * caller still gets an answer the pipeline gave after its call began (a read-back after a write sees the write),
 * and a burst of 200 commands that each look an input up by name costs one `GET inputs` instead of 200 (parsing
 * and validating a large list 200 times kept the event loop busy for seconds). The shared answer is frozen, so no
 * caller can change what another one sees, and the callers resume one per turn of the loop (see nextTurn).
 */
export function batchedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let next: Promise<T> | null = null;
  return async () => {
    next ??= new Promise<void>((dispatch) => setImmediate(dispatch))
      .then(() => {
        next = null;
        return read();
      })
      .then(deepFreeze);
    const shared = next;
    try {
      return await shared;
    } finally {
      await nextTurn();
    }
  };
}
