import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/bot/config.js';

// Slack's manifest schema, vendored from slackapi/manifest-schema (MIT, see LICENSE.manifest-schema beside it).
const schema = JSON.parse(
  readFileSync(new URL('./fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8'),
);

interface Manifest {
  display_information: { name: string };
  features: {
    app_home?: { home_tab_enabled?: boolean };
    slash_commands: { command: string; url?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    socket_mode_enabled?: boolean;
    interactivity: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
  };
}

const read = (file: string) => parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as Manifest;

function validate(document: unknown) {
  // strict:false: the schema uses a non-standard `regex` keyword and `format: uri`, as Slack's own tooling does.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const check = ajv.compile(schema);
  const valid = check(document);
  return { valid, errors: (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
}

describe.each([
  { file: 'manifest.yml', socketMode: true },
  { file: 'manifest.http.yml', socketMode: false },
])('$file', ({ file, socketMode }) => {
  const manifest = read(file);

  it('is a valid Slack app manifest', () => {
    expect(validate(manifest)).toEqual({ valid: true, errors: [] });
  });

  it('is judged by a validator that does reject broken manifests', () => {
    const broken = structuredClone(manifest);
    broken.display_information.name = 'x'.repeat(36);
    broken.features.slash_commands[0] = { command: 'pipeline' };
    (broken.settings as Record<string, unknown>).bogus = true;
    const result = validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        '/display_information/name must NOT have more than 35 characters',
        '/features/slash_commands/0/command must match pattern "^\\/"',
        '/settings must NOT have additional properties',
      ]),
    );
  });

  it(`satisfies the cross-field rules Slack checks on its server (${socketMode ? 'Socket Mode' : 'HTTP URLs'})`, () => {
    expect(manifest.settings.socket_mode_enabled).toBe(socketMode);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions?.request_url,
      ...manifest.features.slash_commands.map((command) => command.url),
    ];
    if (socketMode) {
      // With Socket Mode Slack ignores request URLs; none are declared, so none can point somewhere stale.
      expect(urls.filter((url) => url !== undefined)).toEqual([]);
    } else {
      // Every request goes to the one path Bolt's receiver serves, on the placeholder host the operator replaces.
      expect(urls).toEqual(urls.map(() => 'https://pipeops.example.com/slack/events'));
    }
  });

  it('declares the command the bot listens to, the scopes the code uses and the Home tab', () => {
    const command = loadConfig({}).command;
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([command]);
    // chat.postMessage/update (cards), files.uploadV2 (long diffs), usergroups.users.list (approver groups).
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'files:write', 'usergroups:read']),
    );
    // App Home: views.publish needs no scope, but Slack only sends app_home_opened to apps subscribed to it.
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions?.bot_events).toContain('app_home_opened');
  });
});

describe('the two manifests', () => {
  it('differ only in how Slack reaches the bot', () => {
    const withoutTransport = (manifest: Manifest) => {
      const copy = structuredClone(manifest);
      delete copy.settings.socket_mode_enabled;
      delete copy.settings.interactivity.request_url;
      delete copy.settings.event_subscriptions?.request_url;
      for (const slashCommand of copy.features.slash_commands) delete slashCommand.url;
      return copy;
    };
    expect(withoutTransport(read('manifest.http.yml'))).toEqual(withoutTransport(read('manifest.yml')));
  });
});

describe('the app icon', () => {
  it('is a square PNG within the sizes Slack accepts (512 to 2000 px)', () => {
    const png = readFileSync(new URL('../assets/pipeops-icon.png', import.meta.url));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR is the first chunk: width and height are its first two big-endian 32-bit fields.
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(width).toBeLessThanOrEqual(2000);
  });
});
