import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database/index.js';
import { rejectThroughDialog } from '../support/reject-dialog.js';
import { SIGNING_SECRET, sendButtonClick, sendSlashCommand, sign } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const BOT_TOKEN = 'xoxb-test-token-never-logged';

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}

const blocksOf = (body: Record<string, unknown>) => body.blocks as Block[];
const allText = (blocks: Block[]) => JSON.stringify(blocks);
const buttons = (blocks: Block[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describe('Slack over HTTP, end to end (signed requests, nock for Slack, sandbox pipeline)', () => {
  const db = useTestDatabase('sqlite');
  const env = useSlackHttpWorld(db, { botToken: BOT_TOKEN });

  async function proposePause(user = ALICE) {
    const response = await sendSlashCommand(env().url, { user, text: 'input pause mixpanel_engage_one' });
    expect(response.status).toBe(200);
    const [post] = env().slack.callsOf('chat.postMessage');
    if (!post) throw new Error('no card posted');
    const approve = blocksOf(post.body)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'change_approve');
    return { post, id: approve?.value ?? '' };
  }

  describe('request verification', () => {
    it('refuses unsigned, badly signed and stale requests with 401 and does nothing', async () => {
      const unsigned = await sendSlashCommand(
        env().url,
        { user: ALICE, text: 'input pause mixpanel_engage_one' },
        { unsigned: true },
      );
      const forged = await sendSlashCommand(
        env().url,
        { user: ALICE, text: 'input pause mixpanel_engage_one' },
        { secret: 'wrong-secret' },
      );
      const old = Math.floor(Date.now() / 1000) - 6 * 60;
      const stale = await sendSlashCommand(
        env().url,
        { user: ALICE, text: 'input pause mixpanel_engage_one' },
        { timestamp: old },
      );
      const garbage = await sendSlashCommand(env().url, { user: ALICE, text: 'help' }, { signature: 'v1=abc' });
      expect([unsigned.status, forged.status, stale.status, garbage.status]).toEqual([401, 401, 401, 401]);
      expect(env().slack.calls).toEqual([]);
      expect(env().slack.responses).toEqual([]);
      expect(await env().world.services.changes.listPending()).toEqual([]);
    });

    it('computes the v0 signature Slack documents', () => {
      const body =
        'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
      expect(sign('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
        'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      );
    });
  });

  describe('commands', () => {
    it('answers a bare /pipeline in the acknowledgement with the command families', async () => {
      const response = await sendSlashCommand(env().url, { user: ALICE, text: '' });
      const body = (await response.json()) as { response_type: string; blocks: Block[] };
      expect(body.response_type).toBe('ephemeral');
      expect(allText(body.blocks)).toContain('→  `/pipeline help input`');
      expect(allText(body.blocks)).toContain('`/pipeline help all`');
    });

    it('answers help all in the acknowledgement with every command', async () => {
      const response = await sendSlashCommand(env().url, { user: ALICE, text: 'help all' });
      const body = (await response.json()) as { response_type: string; blocks: Block[] };
      expect(body.response_type).toBe('ephemeral');
      for (const usage of [
        '/pipeline input pause &lt;input&gt;',
        '/pipeline input resume &lt;input&gt;',
        '/pipeline mapping &lt;event&gt; mode &lt;mode&gt;',
        '/pipeline mapping &lt;event&gt; keys &lt;keys...&gt;',
        '/pipeline audit [resource...]',
        '/pipeline help [topic]',
      ]) {
        expect(allText(body.blocks)).toContain(usage);
      }
    });

    it('answers a malformed command with an ephemeral error and the usage line', async () => {
      const response = await sendSlashCommand(env().url, { user: ALICE, text: 'mapping PUBLIC.ORDERS mode LOUD' });
      const body = (await response.json()) as { response_type: string; text: string };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain(
        '<mode> must be one of AUTO_MAP, STRICT, FLEXIBLE'.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
      expect(body.text).toContain('/pipeline mapping &lt;event&gt; mode &lt;mode&gt;');
      expect(env().slack.calls).toEqual([]);
    });

    it('answers an unknown command without crashing', async () => {
      const response = await sendSlashCommand(env().url, { user: ALICE, text: 'launch the rockets' });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { text: string }).text).toMatch(/unknown command `launch`/);
    });

    it('posts the dry-run card with the diff and the three buttons; nothing is applied', async () => {
      const { post, id } = await proposePause();
      expect(post.body.channel).toBe('C0DATAOPS');
      const blocks = blocksOf(post.body);
      expect(blocks[0]).toMatchObject({ type: 'header', text: { text: `#${id} Pause input mixpanel_engage_one` } });
      expect(allText(blocks)).toContain('`paused`: `false` → *`true`*');
      expect(allText(blocks)).toContain('-  \\"paused\\": false,');
      expect(buttons(blocks)).toEqual(['change_approve', 'change_reject', 'change_cancel']);
      expect(String(post.body.text)).toContain('Pause input mixpanel_engage_one');
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const block of blocks) expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
      expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    });

    it('tells the user, privately, when the input does not exist', async () => {
      await sendSlashCommand(env().url, { user: ALICE, text: 'input pause nope' });
      expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
      expect(env().slack.responses).toHaveLength(1);
      expect(env().slack.responses[0]?.body).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringMatching(/No input named `nope`/),
      });
    });

    it('withdraws the request and explains how to fix it when the bot is not in the channel', async () => {
      env().slack.failWith.set('chat.postMessage', 'not_in_channel');
      await sendSlashCommand(env().url, { user: ALICE, text: 'input pause mixpanel_engage_one' });
      expect(env().slack.responses[0]?.body.text).toMatch(/Invite me with `\/invite @pipeops`/);
      const entries = await env().world.services.audit.list({ limit: 10 });
      expect(entries.map((e) => e.action)).toEqual(['cancelled', 'proposed']);
    });

    it('reports a pipeline that cannot be reached as an ephemeral error, not a crash', async () => {
      await env().world.sandbox.close();
      const response = await sendSlashCommand(env().url, { user: ALICE, text: 'input list' });
      expect(response.status).toBe(200);
      expect(env().slack.responses[0]?.body.text).toMatch(/The pipeline call failed/);
    });

    it('uploads the full diff to the thread when the card can only show an excerpt', async () => {
      // A configuration value of 400 lines: far more diff than a card's section can show.
      const tables = JSON.stringify(Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`table_${i}`, 'xmin'])));
      await sendSlashCommand(env().url, { user: ALICE, text: `input set production_database tables ${tables}` });
      const [post] = env().slack.callsOf('chat.postMessage');
      expect(allText(blocksOf(post?.body ?? {}))).toContain('The full diff is in the thread');
      const [complete] = env().slack.callsOf('files.completeUploadExternal');
      expect(env().slack.callsOf('files.getUploadURLExternal')).toHaveLength(1);
      expect(complete?.body).toMatchObject({ channel_id: 'C0DATAOPS', thread_ts: expect.stringMatching(/^\d+\.\d+$/) });
    });
  });

  describe('buttons', () => {
    it('refuses the requester’s own approval privately and leaves the card as it is', async () => {
      const { id } = await proposePause();
      const response = await sendButtonClick(env().url, { user: ALICE, actionId: 'change_approve', value: id });
      expect(response.status).toBe(200);
      expect(env().slack.responses.at(-1)?.body).toMatchObject({
        response_type: 'ephemeral',
        replace_original: false,
        text: expect.stringMatching(/someone else has to approve/),
      });
      expect(env().slack.callsOf('chat.update')).toEqual([]);
      expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    });

    it('applies on a second user’s approval, updates the card with the outcome, and notifies in the thread', async () => {
      const { post, id } = await proposePause();
      await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: id });
      expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(true);
      const updates = env().slack.callsOf('chat.update');
      expect(updates.map((u) => u.body.ts)).toEqual([expect.any(String), expect.any(String)]);
      const final = blocksOf(updates.at(-1)?.body ?? {});
      expect(allText(final)).toContain(':white_check_mark: Applied');
      expect(allText(final)).toContain('Approved by <@UBOB>');
      // Applied: the only button left is Revert (issue 11).
      expect(buttons(final)).toEqual(['change_revert']);
      const thread = env().slack.callsOf('chat.postMessage').at(-1);
      expect(thread?.body).toMatchObject({
        thread_ts: updates[0]?.body.ts,
        text: expect.stringContaining('was applied'),
      });
      expect(post.body.channel).toBe(updates[0]?.body.channel);
    });

    it('offers Re-plan on a stale plan, and Re-plan posts a fresh card', async () => {
      const { id } = await proposePause();
      env().world.sandbox.updateInput('mixpanel_engage_one', (i) => ({
        ...i,
        configuration: { ...i.configuration, frequency: 5 },
      }));
      await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: id });
      const stale = blocksOf(env().slack.callsOf('chat.update').at(-1)?.body ?? {});
      expect(allText(stale)).toContain('plan is stale');
      expect(buttons(stale)).toEqual(['change_replan']);
      expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
      await sendButtonClick(env().url, { user: BOB, actionId: 'change_replan', value: id });
      const fresh = env().slack.callsOf('chat.postMessage').at(-1);
      expect(allText(blocksOf(fresh?.body ?? {}))).toContain(`Re-planned from #${id}`);
    });

    it('reject closes the card; a later approve is refused', async () => {
      const { id } = await proposePause();
      await rejectThroughDialog(env().url, env().slack, { user: BOB, id });
      expect(allText(blocksOf(env().slack.callsOf('chat.update').at(-1)?.body ?? {}))).toContain('Rejected');
      await sendButtonClick(env().url, { user: 'UCAROL', actionId: 'change_approve', value: id });
      expect(env().slack.responses.at(-1)?.body.text).toMatch(/already rejected/);
      expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    });

    it('a pipeline failure during the apply shows on the card and in the audit log', async () => {
      const { id } = await proposePause();
      env().world.sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 503, body: { message: 'maintenance' } });
      await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: id });
      expect(allText(blocksOf(env().slack.callsOf('chat.update').at(-1)?.body ?? {}))).toMatch(/Failed.*503/);
      await sendSlashCommand(env().url, { user: ALICE, text: `audit #${id}` });
      expect(JSON.stringify(env().slack.responses.at(-1)?.body)).toMatch(/failed to apply #/);
    });

    it('rejects a forged button value with a private error', async () => {
      await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: '1; DROP TABLE' });
      expect(env().slack.responses.at(-1)?.body.text).toMatch(/malformed/);
    });

    it('keeps tokens and keys out of the logs', async () => {
      const { id } = await proposePause();
      env().world.sandbox.injectFault({ method: 'PUT', path: /pause$/, status: 500 });
      await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: id });
      const logs = env().logText();
      expect(logs.length).toBeGreaterThan(0);
      for (const secret of [BOT_TOKEN, SIGNING_SECRET, env().world.sandbox.apiKey]) expect(logs).not.toContain(secret);
    });
  });
});
