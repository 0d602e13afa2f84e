import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/bot/config.js';

// Slack's manifest schema, vendored from slackapi/manifest-schema (MIT, see LICENSE.manifest-schema beside it).
const schema = JSON.parse(
  readFileSync(new URL('./fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8'),
);
const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8')) as {
  display_information: { name: string };
  features: { slash_commands: { command: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled?: boolean; interactivity: { is_enabled: boolean; request_url?: string } };
};

function validate(document: unknown) {
  // strict:false: the schema uses a non-standard `regex` keyword and `format: uri`, as Slack's own tooling does.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const check = ajv.compile(schema);
  const valid = check(document);
  return { valid, errors: (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
}

describe('manifest.yml', () => {
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

  it('satisfies the cross-field rules Slack checks on its server: URLs unless Socket Mode', () => {
    if (!manifest.settings.socket_mode_enabled) {
      expect(manifest.settings.interactivity.request_url).toMatch(/^https:\/\//);
      for (const command of manifest.features.slash_commands) expect(command.url).toMatch(/^https:\/\//);
    } else {
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
    }
  });

  it('declares the command the bot listens to and the scopes the code uses', () => {
    const command = loadConfig({}).command;
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([command]);
    // chat.postMessage/update (cards), files.uploadV2 (long diffs), usergroups.users.list (approver groups).
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'files:write', 'usergroups:read']),
    );
  });
});
