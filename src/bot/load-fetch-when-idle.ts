/**
 * Node loads its `fetch` (its built-in undici, ~40 ms of CPU) the first time the global is read, and the bot's
 * Slack calls go through it. Nothing reads it while the bot starts (axios' and pg's probes for it are kept out of
 * the start: see scripts/bundle-plugins.mjs and open-database.ts), so it is read here, once the bot listens: off the
 * start, and before the first burst of commands needs it rather than in the middle of it.
 */
export function loadFetchWhenIdle(): void {
  setImmediate(() => {
    globalThis.fetch.name;
  });
}
