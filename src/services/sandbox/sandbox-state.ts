import type { SandboxData } from './sandbox-data.js';
import type { SandboxStateStore } from './sandbox-state-store.js';

/**
 * The sandbox's resources, in memory and in the store. Changes are transactional: `mutate` works on
 * a copy, persists it, and only then makes it current, so a change that throws (404, 400) or fails
 * to persist leaves the state as it was.
 */
export class SandboxState {
  #data: SandboxData;
  readonly #store: SandboxStateStore;
  readonly #seed: () => SandboxData;

  /** Loads the stored state, or writes the seed to the store when nothing is stored yet. */
  constructor(store: SandboxStateStore, seed: () => SandboxData) {
    this.#store = store;
    this.#seed = seed;
    const loaded = store.load();
    if (loaded) {
      this.#data = loaded;
    } else {
      this.#data = seed();
      store.save(this.#data);
    }
  }

  /** Reads the current state. `read` must not modify what it is given (use `mutate`). */
  read<T>(read: (data: Readonly<SandboxData>) => T): T {
    return read(this.#data);
  }

  /** A deep copy of the whole state. */
  snapshot(): SandboxData {
    return structuredClone(this.#data);
  }

  mutate<T>(change: (draft: SandboxData) => T): T {
    const draft = structuredClone(this.#data);
    const result = change(draft);
    this.#store.save(draft);
    this.#data = draft;
    return result;
  }

  /** Back to the seed data (and persisted). */
  reset(): void {
    const seeded = this.#seed();
    this.#store.save(seeded);
    this.#data = seeded;
  }
}
