import { performance } from 'node:perf_hooks';

export interface AcksFirstQueueOptions {
  /** Jobs started per turn of the event loop once it is their time. */
  perTurn?: number;
  /** The longest a job waits for the receiving to stop before it starts anyway. */
  maxWaitMs?: number;
}

/**
 * The work of requests already acknowledged (slash commands acknowledged by the receiver), started when no other
 * request is being received: in a burst, every acknowledgement goes out before the work behind the earlier ones
 * begins, so none of them waits on it. Jobs start in arrival order, a few per turn of the event loop (between them
 * the loop polls for I/O and runs timers), and none waits longer than `maxWaitMs`, so a steady stream of requests
 * delays work but never starves it.
 */
export class AcksFirstQueue {
  readonly #perTurn: number;
  readonly #maxWaitMs: number;
  readonly #jobs: { start: () => void; queuedAt: number }[] = [];
  readonly #whenEmpty: (() => void)[] = [];
  #receiving = 0;
  #scheduled = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: AcksFirstQueueOptions = {}) {
    this.#perTurn = options.perTurn ?? 8;
    this.#maxWaitMs = options.maxWaitMs ?? 100;
  }

  /** A request is being received until the returned function is called (idempotent). */
  receiving(): () => void {
    this.#receiving += 1;
    let received = false;
    return () => {
      if (received) return;
      received = true;
      this.#receiving -= 1;
      this.#pump();
    };
  }

  /** Queues `start`, which must not throw (it starts async work and handles its errors). */
  push(start: () => void): void {
    this.#jobs.push({ start, queuedAt: performance.now() });
    this.#pump();
  }

  get size(): number {
    return this.#jobs.length;
  }

  /** Resolves once every job queued so far has started. */
  whenEmpty(): Promise<void> {
    if (this.#jobs.length === 0) return Promise.resolve();
    return new Promise((done) => this.#whenEmpty.push(done));
  }

  #pump(): void {
    const oldest = this.#jobs[0];
    if (this.#scheduled || !oldest) return;
    const waited = performance.now() - oldest.queuedAt;
    if (this.#receiving > 0 && waited < this.#maxWaitMs) {
      // Started by the last request received, or by this timer when they keep coming.
      this.#timer ??= setTimeout(
        () => {
          this.#timer = null;
          this.#pump();
        },
        Math.ceil(this.#maxWaitMs - waited),
      );
      return;
    }
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#scheduled = true;
    setImmediate(() => this.#startSome());
  }

  #startSome(): void {
    this.#scheduled = false;
    const batch = this.#jobs.splice(0, this.#perTurn);
    // One immediate each: Node runs the microtasks of each (a job's synchronous start and what it awaits at once)
    // before the next, and all of them in this turn.
    for (const job of batch) setImmediate(job.start);
    if (this.#jobs.length === 0) {
      setImmediate(() => {
        for (const done of this.#whenEmpty.splice(0)) done();
      });
    } else {
      setImmediate(() => this.#pump());
    }
  }
}
