import { deepFreeze } from '../deep-freeze.js';
import { nextTurn } from '../next-turn.js';

/**
 * Concurrent reads of one list share requests: the callers of one turn of the event loop share one request, sent at
 * the end of that turn, and callers arriving while it is in flight share the next one, sent when it has answered.
 * Each caller still gets an answer the pipeline gave after its call began (a read-back after a write sees the
 * write), and a burst of 200 commands that each look an input up by name costs a few `GET inputs` instead of 200
 * (parsing and validating a large list 200 times kept the event loop busy for seconds), also when the commands
 * start one per turn. The shared answer is frozen, so no caller can change what another one sees, and the callers
 * resume one per turn of the loop (see nextTurn).
 */
export function batchedRead<T>(read: () => Promise<T>): () => Promise<T> {
  /** The request sent and not answered yet. */
  let inFlight: Promise<unknown> | null = null;
  /** The request that callers arriving now will share: sent after `inFlight`, at the end of a turn. */
  let next: Promise<T> | null = null;
  const send = (): Promise<T> => {
    next = null;
    const sent = read();
    inFlight = sent;
    const landed = () => {
      if (inFlight === sent) inFlight = null;
    };
    sent.then(landed, landed);
    return sent.then(deepFreeze);
  };
  return async () => {
    next ??= (inFlight ? inFlight.then(endOfTurn, endOfTurn) : endOfTurn()).then(send);
    const shared = next;
    try {
      return await shared;
    } finally {
      await nextTurn();
    }
  };
}

function endOfTurn(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
