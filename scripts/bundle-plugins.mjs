/**
 * The esbuild plugins of the bot's bundle (scripts/build-dist.mjs): what is bundled code but is never run by pipeops
 * is left out of it or read on first use, so that every start parses and runs less. Each one was measured in
 * profiles of the bundle's start; README "Performance, measured" says how much.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

/** The key under globalThis where the bundle finds modules loaded on demand (src/bot/socket-mode-module.ts). */
export const ON_DEMAND_KEY = 'pipeops.onDemand';

/**
 * Packages that bundled code imports when it loads but pipeops never calls, read from node_modules on first use
 * instead of being parsed and run at every start. `owner` is the package that depends on it (it is resolved from
 * there, wherever npm placed it); `callable` marks packages whose export is a function or class (their stand-in is
 * a function, which the build checks they are not ES-module-flagged for).
 * - @slack/socket-mode (with undici, ~1 MB): only Socket Mode needs it; main.ts loads the bundled chunk of it before
 *   building a Socket Mode app (src/bot/socket-mode-module.ts), so the fallback to node_modules is the exception.
 * - @slack/oauth (with jsonwebtoken and semver, ~15 ms of every start): only an OAuth installer, never configured.
 * - raw-body (with iconv-lite's encoding tables, 0.5 MB): only Bolt's own HTTP receiver reads bodies with it;
 *   pipeops' receiver reads them itself.
 * - form-data (with mime-db, 0.2 MB): only axios' multipart serialisation, which no pipeops request uses.
 */
export const ON_DEMAND_PACKAGES = new Map([
  ['@slack/socket-mode', { owner: '@slack/bolt', callable: false }],
  ['@slack/oauth', { owner: '@slack/bolt', callable: false }],
  ['raw-body', { owner: '@slack/bolt', callable: true }],
  ['form-data', { owner: 'axios', callable: true }],
]);

/** The stand-in module for `name`: it reads the real one (registered by main.ts, or from node_modules) on first use. */
export function onDemandStandIn(name, { owner, callable }) {
  const loaded = `const loaded = () => {
  const modules = (globalThis[Symbol.for(${JSON.stringify(ON_DEMAND_KEY)})] ??= {});
  const fromOwner = require("node:module").createRequire(require.resolve(${JSON.stringify(owner)}));
  return (modules[${JSON.stringify(name)}] ??= fromOwner(${JSON.stringify(name)}));
};`;
  if (!callable) {
    return `"use strict";\n${loaded}\nmodule.exports = new Proxy({}, { get: (_target, key) => loaded()[key] });`;
  }
  // A function target, so that calls, `new` and `instanceof` reach the real export. `__esModule` is answered
  // without loading: the bundle's interop reads it when the importing module loads (the build checked it is unset).
  return `"use strict";
${loaded}
module.exports = new Proxy(function onDemand() {}, {
  apply: (_target, self, args) => Reflect.apply(loaded(), self, args),
  construct: (_target, args, newTarget) => Reflect.construct(loaded(), args, newTarget),
  get: (_target, key) => (key === "__esModule" ? undefined : loaded()[key]),
});`;
}

/**
 * Bolt's index loads every receiver, and with them what only one of them needs: the Express receiver (express and
 * its ~20 packages), which pipeops never builds, and the packages of ON_DEMAND_PACKAGES. Parsing and running them
 * cost ~80-100 ms of every start in HTTP mode. So Bolt gets, in the bundle, an Express receiver that says it is not
 * there, and stand-ins that read the real packages on first use.
 */
export const packagesOnDemand = {
  name: 'packages-on-demand',
  setup(build) {
    const load = createRequire(import.meta.url);
    for (const [name, { owner, callable }] of ON_DEMAND_PACKAGES) {
      const real = createRequire(load.resolve(owner))(name);
      if (callable && (typeof real !== 'function' || real.__esModule)) {
        throw new Error(
          `${name} no longer exports a plain function: update ON_DEMAND_PACKAGES in scripts/bundle-plugins.mjs`,
        );
      }
    }
    build.onLoad({ filter: /@slack[\\/]bolt[\\/]dist[\\/]receivers[\\/]ExpressReceiver\.js$/ }, () => ({
      loader: 'js',
      contents: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
class ExpressReceiver {
  constructor() {
    throw new Error("Bolt's ExpressReceiver is not part of the pipeops bundle (pipeops uses its own HTTP receiver).");
  }
}
exports.default = ExpressReceiver;
exports.ExpressReceiver = ExpressReceiver;`,
    }));
    const names = [...ON_DEMAND_PACKAGES.keys()].map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      // The stand-in's own fallback reads the package from node_modules.
      if (args.namespace === 'on-demand') return { path: args.path, external: true };
      const { owner } = ON_DEMAND_PACKAGES.get(args.path);
      const ownerDir = new RegExp(`[\\\\/]${owner.replace('/', '[\\\\/]')}[\\\\/]`);
      return ownerDir.test(args.importer) ? { path: args.path, namespace: 'on-demand' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'on-demand' }, (args) => ({
      loader: 'js',
      contents: onDemandStandIn(args.path, ON_DEMAND_PACKAGES.get(args.path)),
    }));
    // zod's `z` namespace holds every locale (0.36 MB of the bundle); pipeops speaks English only.
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      loader: 'js',
      resolveDir: dirname(args.path),
      contents: 'export { default as en } from "./en.js";',
    }));
  },
};

/**
 * axios reads Node's lazy web globals when it loads: its utils `globalThis.FormData` (only to have the class at hand
 * for `isFormData`), its fetch adapter `Request`, `Response` and `fetch` to build, at once, the adapter that only a
 * request made with `adapter: 'fetch'` uses. Reading any of them loads Node's built-in undici: ~40 ms of every
 * start, measured in profiles of the bundle's start. pipeops' requests go through axios' http adapter, so in the
 * bundle both are read when first needed instead: the fetch adapter when a request asks for it, the FormData class
 * at an `isFormData` call and only once something else has loaded it (until then no such object exists, and
 * isFormData's own fallback, the `[object FormData]` tag, recognises one anyway). The build fails if axios' source
 * no longer matches what is replaced.
 */
export const axiosWebGlobalsOnDemand = {
  name: 'axios-web-globals-on-demand',
  setup(build) {
    const patch = (path, replacements) => {
      let source = readFileSync(path, 'utf8');
      for (const [from, to] of replacements) {
        if (!source.includes(from)) {
          throw new Error(`${path} changed: update axiosWebGlobalsOnDemand in scripts/bundle-plugins.mjs`);
        }
        source = source.replace(from, to);
      }
      return { loader: 'js', contents: source };
    };
    build.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]utils\.js$/ }, (args) =>
      patch(args.path, [
        [
          "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;",
          `const formDataCtor = () => {
  const own = Object.getOwnPropertyDescriptor(G, 'FormData');
  return own && 'value' in own ? own.value : undefined;
};`,
        ],
        [
          'if (FormDataCtor && thing instanceof FormDataCtor) return true;',
          'const FormDataCtor = formDataCtor();\n  if (FormDataCtor && thing instanceof FormDataCtor) return true;',
        ],
      ]),
    );
    build.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/ }, (args) =>
      patch(args.path, [['const adapter = getFetch();', 'const adapter = (config) => getFetch()(config);']]),
    );
  },
};

/** The line of dist's default-rules.js that the build fills in (src/services/alerts/rules/default-rules.ts). */
const DEFAULT_RULES_PLACEHOLDER = 'export const DEFAULT_ALERT_RULES_READ = undefined;';

/**
 * The shipped alert rules, read from their YAML at build time (by dist's own defaultAlertRules) and put into the
 * bundle as data: parsing and checking the YAML took ~20 ms of every start. The build fails if the placeholder is
 * gone or the rules are not plain JSON (what JSON would not keep, the bundle would lose).
 */
export const defaultAlertRulesRead = {
  name: 'default-alert-rules-read',
  setup(build) {
    build.onLoad({ filter: /[\\/]services[\\/]alerts[\\/]rules[\\/]default-rules\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(DEFAULT_RULES_PLACEHOLDER)) {
        throw new Error(`${args.path} has no \`${DEFAULT_RULES_PLACEHOLDER}\`: update defaultAlertRulesRead`);
      }
      const loader = pathToFileURL(join(dirname(args.path), 'load-alert-rules.js')).href;
      const rules = (await import(loader)).defaultAlertRules();
      const json = JSON.stringify(rules);
      if (!isDeepStrictEqual(JSON.parse(json), rules)) {
        throw new Error('the default alert rules do not survive JSON: update defaultAlertRulesRead');
      }
      return {
        loader: 'js',
        contents: source.replace(DEFAULT_RULES_PLACEHOLDER, `export const DEFAULT_ALERT_RULES_READ = ${json};`),
      };
    });
  },
};
