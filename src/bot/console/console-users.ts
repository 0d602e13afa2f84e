/**
 * Console users are plain names (alice, bob) with stable Slack-style ids (UALICE, UBOB), so that
 * PIPEOPS_APPROVERS / PIPEOPS_PROPOSERS work in the console exactly as with real user ids.
 */
export function consoleUserId(name: string): string {
  return `U${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
}

export const validConsoleName = /^[a-z][a-z0-9_-]{0,30}$/i;

export class ConsoleUsers {
  readonly #names = new Map<string, string>();

  /** Registers `name` and returns its id. */
  add(name: string): string {
    const id = consoleUserId(name);
    this.#names.set(id, name.toLowerCase());
    return id;
  }

  nameOf(userId: string): string {
    return this.#names.get(userId) ?? userId;
  }

  list(): string[] {
    return [...this.#names.values()];
  }
}
