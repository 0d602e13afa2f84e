import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultAlertRulesRead,
  ON_DEMAND_KEY,
  ON_DEMAND_PACKAGES,
  onDemandStandIn,
} from '../../scripts/bundle-plugins.mjs';
import { defaultAlertRules } from '../../src/services/alerts/rules/load-alert-rules.js';

const requireFromRoot = createRequire(new URL('../../package.json', import.meta.url));
const registryKey = Symbol.for(ON_DEMAND_KEY);
const holder = globalThis as { [key: symbol]: Record<string, unknown> | undefined };

/** The bundle's stand-in module for `name`, evaluated as the bundle evaluates it (CommonJS). */
function standIn(name: string): unknown {
  const options = ON_DEMAND_PACKAGES.get(name);
  if (!options) throw new Error(`${name} is not loaded on demand`);
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', onDemandStandIn(name, options))(module, module.exports, requireFromRoot);
  return module.exports;
}

/** The package itself, as its owner resolves it. */
function real(name: string): unknown {
  const owner = ON_DEMAND_PACKAGES.get(name)?.owner ?? '';
  return createRequire(requireFromRoot.resolve(owner))(name);
}

describe('the bundle’s stand-ins for packages read on first use', () => {
  let saved: Record<string, unknown> | undefined;
  // Their own registry: the Socket Mode tests register the real @slack/socket-mode in the shared one.
  beforeEach(() => {
    saved = holder[registryKey];
    holder[registryKey] = {};
  });
  afterEach(() => {
    holder[registryKey] = saved;
  });
  const loaded = () => Object.keys(holder[registryKey] ?? {});

  it('read nothing when the importing module loads, only at first use', () => {
    const rawBody = standIn('raw-body') as { __esModule?: unknown };
    // What the bundle's CommonJS interop reads as the importing module loads.
    expect(rawBody.__esModule).toBeUndefined();
    expect(loaded()).toEqual([]);
    const oauth = standIn('@slack/oauth') as { InstallProvider: unknown };
    expect(loaded()).toEqual([]);
    expect(oauth.InstallProvider).toBe((real('@slack/oauth') as { InstallProvider: unknown }).InstallProvider);
    expect(loaded()).toEqual(['@slack/oauth']);
  });

  it('call through to a function export (raw-body reads a stream)', async () => {
    const rawBody = standIn('raw-body') as (stream: Readable, options: { encoding: string }) => Promise<string>;
    await expect(
      rawBody(Readable.from([Buffer.from('token=a&'), Buffer.from('text=b')]), { encoding: 'utf8' }),
    ).resolves.toBe('token=a&text=b');
    expect(loaded()).toEqual(['raw-body']);
  });

  it('construct the real class, and instanceof holds both ways (form-data)', () => {
    type FormDataClass = new () => { append(key: string, value: string): void; getHeaders(): Record<string, string> };
    const StandIn = standIn('form-data') as FormDataClass;
    const Real = real('form-data') as FormDataClass;
    const form = new StandIn();
    form.append('a', '1');
    expect(form).toBeInstanceOf(Real);
    expect(form).toBeInstanceOf(StandIn);
    expect(new Real()).toBeInstanceOf(StandIn);
    expect(form.getHeaders()['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('find the registered module first (main.ts registers the bundled @slack/socket-mode)', () => {
    const registered = { SocketModeClient: class Registered {} };
    (holder[registryKey] as Record<string, unknown>)['@slack/socket-mode'] = registered;
    expect((standIn('@slack/socket-mode') as typeof registered).SocketModeClient).toBe(registered.SocketModeClient);
  });
});

describe('the bot’s bundle (dist/bundle/main.js, built by the test setup)', () => {
  const bundle = readFileSync(new URL('../../dist/bundle/main.js', import.meta.url), 'utf8');

  it('holds stand-ins instead of the packages read on first use, and zod’s English locale only', () => {
    for (const name of ON_DEMAND_PACKAGES.keys()) expect(bundle).toContain(`// on-demand:${name}\n`);
    for (const left of ['iconv-lite', 'mime-db', 'raw-body', 'form-data', 'express', '@slack/socket-mode', 'undici']) {
      expect(bundle).not.toContain(`// node_modules/${left}/`);
    }
    expect(bundle).toContain('// node_modules/zod/v4/locales/en.js');
    expect(bundle).not.toContain('// node_modules/zod/v4/locales/de.js');
    expect(bundle).toContain('DEFAULT_ALERT_RULES_READ = [{');
  });

  it('has the default alert rules read from their YAML at build time, as they are read from source', async () => {
    const entry = fileURLToPath(new URL('../../dist/services/alerts/rules/default-rules.js', import.meta.url));
    const result = await build({ entryPoints: [entry], write: false, format: 'esm', plugins: [defaultAlertRulesRead] });
    const built = await import(`data:text/javascript,${encodeURIComponent(result.outputFiles[0]?.text ?? '')}`);
    expect(built.DEFAULT_ALERT_RULES_READ).toEqual(defaultAlertRules());
    expect(built.DEFAULT_ALERT_RULES_READ).toHaveLength(7);
  });
});
