/**
 * A gate that resolves its callers in later turns of the event loop, oldest first, at most `perTurn` per turn.
 * When one answer wakes many callers at once (200 commands sharing one read, 200 requests arriving together), their
 * continuations would otherwise run back to back and hold the loop for hundreds of milliseconds, delaying every
 * timer and acknowledgement queued behind them; spread over turns, the poll phase (incoming requests, timers) runs
 * in between.
 */
export function turnGate(perTurn: number): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let releasing = false;
  const release = () => {
    for (const resume of waiting.splice(0, perTurn)) resume();
    // Scheduled after the released callers' continuations have run, so what they queued goes first.
    queueMicrotask(() => {
      if (waiting.length > 0) setImmediate(release);
      else releasing = false;
    });
  };
  return () =>
    new Promise((resume) => {
      waiting.push(resume);
      if (!releasing) {
        releasing = true;
        setImmediate(release);
      }
    });
}

/** Resolves in a later turn of the event loop, one caller per turn (see turnGate). */
export const nextTurn: () => Promise<void> = turnGate(1);
