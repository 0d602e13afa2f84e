/** Waiters released one per turn of the event loop, oldest first. */
const waiting: (() => void)[] = [];
let releasing = false;

function releaseOne(): void {
  waiting.shift()?.();
  // Scheduled after the released caller's continuation has run, so what it queued goes first.
  queueMicrotask(() => {
    if (waiting.length > 0) setImmediate(releaseOne);
    else releasing = false;
  });
}

/**
 * Resolves in a later turn of the event loop, one caller per turn. When one answer wakes many callers at once
 * (200 commands sharing one read), their continuations would otherwise run back to back and hold the loop for
 * hundreds of milliseconds, delaying every acknowledgement queued behind them; spread over turns, the poll phase
 * (incoming requests, timers) runs between each.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resume) => {
    waiting.push(resume);
    if (!releasing) {
      releasing = true;
      setImmediate(releaseOne);
    }
  });
}
