/**
 * The Slack requests whose listeners are still running, so that a shutdown can wait for them (an approval in the
 * middle of its apply) instead of cutting them off, up to a bound.
 */
export class InFlightRequests {
  readonly #running = new Set<Promise<unknown>>();

  get size(): number {
    return this.#running.size;
  }

  /** Runs `work`, counted until it settles. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    return running;
  }

  /** Resolves true once nothing is running (work started meanwhile included), false when `timeoutMs` ran out. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
    });
    const idle = (async () => {
      while (this.#running.size > 0) await Promise.all(this.#running);
      return true as const;
    })();
    try {
      return await Promise.race([idle, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
