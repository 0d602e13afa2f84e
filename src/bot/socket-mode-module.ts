/** Where the bundle's stand-in for @slack/socket-mode finds the real module (scripts/bundle-plugins.mjs). */
const ON_DEMAND = Symbol.for('pipeops.onDemand');

/**
 * Loads @slack/socket-mode before a Socket Mode app is built. In the bundle (`npm start`), Bolt's import of it is a
 * stand-in that reads the real module on first use, so that HTTP mode never parses or runs it and undici (~1 MB);
 * loaded here, it comes from a chunk of the bundle, instead of ~180 files of node_modules read at that first use.
 * Run from source (tsx, tests), Bolt has imported it already and this changes nothing.
 */
export async function loadSocketModeModule(): Promise<void> {
  const holder = globalThis as { [ON_DEMAND]?: Record<string, unknown> };
  holder[ON_DEMAND] ??= {};
  const modules = holder[ON_DEMAND];
  if (modules['@slack/socket-mode']) return;
  const loaded = (await import('@slack/socket-mode')) as { default?: unknown };
  // The module is CommonJS: its exports object is the default export, in the bundle as under Node.
  modules['@slack/socket-mode'] = loaded.default ?? loaded;
}
