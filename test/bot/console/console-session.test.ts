import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { consoleEnv, useConsoleSession } from '../../support/console-driver.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;

describe('local console (npm start without Slack tokens), driven through stdin/stdout', () => {
  // The first test reads the banner.
  const { driver, dataDir } = useConsoleSession({ untilPrompt: false });

  it('starts as alice with a banner', async () => {
    const banner = await driver().untilPrompt(60_000);
    expect(banner).toContain('pipeops local console');
    expect(banner).toMatch(/alice> $/);
  });

  it('runs a slash command and shows the reply as readable text, only to the user', async () => {
    const out = await driver().type('/pipeline input list');
    expect(out).toContain('(only visible to @alice)');
    expect(out).toContain('Inputs (4)');
    expect(out).toMatch(/mixpanel_engage_one.*REST_INPUT.*running/);
  });

  it('explains a malformed command with its usage', async () => {
    const out = await driver().type('/pipeline input pause');
    expect(out).toContain('missing <input>');
    expect(out).toContain('Usage: `/pipeline input pause <input>`');
  });

  it('posts a change card with the diff and buttons; nothing applied yet', async () => {
    const out = await driver().type('/pipeline input pause mixpanel_engage_one');
    expect(out).toContain('┌─ message 1 · pipeops in #data-ops');
    expect(out).toContain('#1 Pause input mixpanel_engage_one');
    expect(out).toContain('-  "paused": false,');
    expect(out).toContain('+  "paused": true,');
    expect(out).toContain('[Approve] [Reject] [Cancel]');
    expect(out).toContain('Someone other than @alice must approve');
  });

  it('refuses the requester pressing Approve', async () => {
    const out = await driver().type('click approve');
    expect(out).toContain('(@alice pressed [Approve] on message 1)');
    expect(out).toContain('(only visible to @alice)');
    expect(out).toContain('someone else has to approve');
    expect(out).not.toContain('(updated)');
  });

  it('lets a second user approve: the card is updated and the requester notified', async () => {
    expect(await driver().type('as bob')).toContain('You are now @bob (UBOB)');
    const out = await driver().type('click approve');
    expect(out).toContain('message 1 (updated)');
    expect(out).toContain('✅ Applied');
    expect(out).toContain('Approved by @bob');
    expect(out).toContain('[thread of message 1] @alice #1 was applied (approved by @bob).');
  });

  it('shows a stale plan when the pipeline changed behind pipeops’ back', async () => {
    await driver().type('/pipeline mapping PUBLIC.ORDERS mode STRICT');
    expect(await driver().type('sandbox mode PUBLIC.ORDERS FLEXIBLE')).toContain('mapping mode is now FLEXIBLE');
    expect(await driver().type('as carol')).toContain('@carol');
    const out = await driver().type('click approve #2');
    expect(out).toContain('⚠️ Not applied: plan is stale');
    expect(out).toContain('[Re-plan]');
  });

  it('shows the audit log', async () => {
    const out = await driver().type('/pipeline audit mixpanel_engage_one');
    expect(out).toContain('@bob applied #1');
    expect(out).toContain('@alice proposed #1');
  });

  it('tests transforms on the samples: per-sample diffs, the summary and the failing step', async () => {
    const out = await driver().type('/pipeline transform test PUBLIC.ORDERS');
    expect(out).toContain('3 samples, 2 changed, 1 error');
    expect(out).toContain('» myField → my_field');
    expect(out).toContain('+ id_created_datetime: "1-2019-08-01 00:00:00"');
    expect(out).toContain("✗ step 2 add_composite_key: KeyError: 'created_at'");
  });

  it('transform set opens a dialog with the current steps; invalid steps are refused under the input', async () => {
    expect(await driver().type('as alice')).toContain('@alice');
    const dialog = await driver().type('/pipeline transform set PUBLIC.ORDERS');
    expect(dialog).toContain('┌─ dialog · only visible to @alice');
    expect(dialog).toContain('■ Transform steps');
    expect(dialog).toContain('▸ Steps (JSON)');
    expect(dialog).toContain(
      '{"fn": "add_composite_key", "args": {"field_list": ["id", "created_at"], "key_name": "id_created_datetime"}},',
    );
    expect(dialog).toContain('[Propose] [Cancel]');
    expect(dialog).toContain('then a line holding only "."');
    expect(dialog).toMatch(/dialog> $/);
    expect(await driver().type('[{"fn": "flaten_json"}]')).toBe('dialog> ');
    const refused = await driver().type('.');
    expect(refused).toContain('(@alice pressed [Propose])');
    expect(refused).toContain("⚠️ Steps (JSON): step 0 fn: NameError: name 'flaten_json' is not defined");
    expect(refused).toMatch(/dialog> $/);
  });

  it('valid steps post a card with the steps diff and the effect on the samples; a second user applies', async () => {
    for (const line of [
      '[',
      '  {"fn": "convert_all_event_fields_to_snake_case"},',
      '  {"fn": "add_composite_key", "args": {"field_list": ["id", "my_field"], "key_name": "k"}}',
      ']',
    ]) {
      expect(await driver().type(line)).toBe('dialog> ');
    }
    const card = await driver().type('.');
    expect(card).toMatch(/#\d+ Set the transform steps of PUBLIC\.ORDERS \(2 steps\)/);
    expect(card).toContain(`+    "add_composite_key(event, field_list=['id', 'my_field'], key_name='k')"`);
    expect(card).toContain('Effect on 3 samples: 3 of 3 outputs change · errors 1 → 0');
    expect(card).toContain("✓ error fixed (was step 2 add_composite_key: KeyError: 'created_at')");
    expect(card).toMatch(/alice> $/);
    await driver().type('as bob');
    expect(await driver().type('click approve')).toContain('✅ Applied');
    expect(await driver().type('/pipeline transform test PUBLIC.ORDERS')).toContain('3 samples, 3 changed, 0 errors');
  });

  it('cancel closes a dialog without proposing anything', async () => {
    expect(await driver().type('/pipeline transform set PUBLIC.USERS')).toContain('┌─ dialog');
    const closed = await driver().type('cancel');
    expect(closed).toContain('(dialog closed)');
    expect(closed).toMatch(/bob> $/);
    expect(closed).not.toContain('pressed [Propose]');
  });

  it('a second instance on the same data directory refuses to start, with a clear message', () => {
    const second = spawnSync(process.execPath, ['dist/bundle/main.js'], {
      cwd: repoRoot,
      env: consoleEnv(dataDir()),
      input: 'quit\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/Another pipeops process \(pid \d+/);
    expect(second.stderr).toContain('DATABASE_URL');
  });

  it('quits cleanly at the end of input', async () => {
    const { code, tail } = await driver().end();
    expect(tail).toContain('bye');
    expect(code).toBe(0);
  });
});
