import { performance } from 'node:perf_hooks';

export interface AcksFirstQueueOptions {
  /** Jobs started per turn of the event loop once it is their time. */
  perTurn?: number;
  /** The longest a job waits for the receiving to stop before it starts anyway. */
  maxWaitMs?: number;
  /** How long after the last connection or request arrived the receiving counts as stopped. */
  quietMs?: number;
}

/**
 * The work of requests already acknowledged (slash commands acknowledged by the receiver), started when no other
 * request is being received: in a burst, every acknowledgement goes out before the work behind the earlier ones
 * begins, so none of them waits on it. Jobs start in arrival order, a few per turn of the event loop (between them
 * the loop polls for I/O and runs timers), and none waits longer than `maxWaitMs`, so a steady stream of requests
 * delays work but never starves it.
 *
 * "Being received" includes the `quietMs` after the last connection or request arrived (`arrived()`): Node accepts
 * one new connection per turn of the event loop (libuv), so a burst over new connections, as Slack's may come,
 * reaches the server one request per turn; a turn that starts commands' work lasts tens of milliseconds, and 200
 * connections then took 2.5–4 s to be accepted (their acknowledgements with them). Held back until the arrivals
 * pause, the turns stay short and the burst is accepted in a fraction of that.
 */
export class AcksFirstQueue {
  readonly #perTurn: number;
  readonly #maxWaitMs: number;
  readonly #jobs: { start: () => void; queuedAt: number }[] = [];
  readonly #whenEmpty: (() => void)[] = [];
  #receiving = 0;
  #lastArrival = Number.NEGATIVE_INFINITY;
  readonly #quietMs: number;
  #scheduled = false;
  #timer: NodeJS.Timeout | null = null;
  #timerDue = 0;

  constructor(options: AcksFirstQueueOptions = {}) {
    this.#perTurn = options.perTurn ?? 8;
    this.#maxWaitMs = options.maxWaitMs ?? 500;
    this.#quietMs = options.quietMs ?? 20;
  }

  /** A connection was accepted or a request arrived: the receiving goes on for `quietMs` at least. */
  arrived(): void {
    this.#lastArrival = performance.now();
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
    const now = performance.now();
    const waited = now - oldest.queuedAt;
    const quietIn = this.#lastArrival + this.#quietMs - now;
    if ((this.#receiving > 0 || quietIn > 0) && waited < this.#maxWaitMs) {
      // Started by the last request received, or by this timer: when the arrivals have paused, or when they keep
      // coming, once the oldest job has waited long enough.
      const untilDue = this.#maxWaitMs - waited;
      const wait = this.#receiving > 0 ? untilDue : Math.min(untilDue, quietIn);
      if (this.#timer && this.#timerDue <= now + wait) return;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timerDue = now + wait;
      this.#timer = setTimeout(
        () => {
          this.#timer = null;
          this.#pump();
        },
        Math.max(1, Math.ceil(wait)),
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
