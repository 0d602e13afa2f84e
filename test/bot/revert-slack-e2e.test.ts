import { expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

/** Revert from Slack (issue 11): the applied card's Revert button and `/pipeline revert #id`, over signed HTTP. */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';
const DAVE = 'UDAVE';

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}

const blocksOf = (body: Record<string, unknown> | undefined) => (body?.blocks ?? []) as Block[];
const textOf = (blocks: Block[]) =>
  JSON.stringify(blocks).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const buttons = (blocks: Block[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describeEachBackend('revert from Slack over HTTP (signed requests, nock for Slack, sandbox)', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  /** Runs a command and returns the private replies it got. */
  async function command(text: string, user = ALICE): Promise<string[]> {
    const { slack, url } = env();
    const before = slack.responses.length;
    const response = await sendSlashCommand(url, { user, text });
    expect(response.status).toBe(200);
    const body = (await response.text()).trim();
    const replies = slack.responses.slice(before).map((r) => JSON.stringify(r.body));
    return body === '' ? replies : [body, ...replies];
  }

  /** The card the last chat.postMessage posted: its request id (from Approve), text and buttons. */
  function lastCard() {
    const blocks = blocksOf(env().slack.callsOf('chat.postMessage').at(-1)?.body);
    const approve = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'change_approve');
    return { id: approve?.value ?? '', text: textOf(blocks), buttons: buttons(blocks) };
  }
  const lastUpdate = () => blocksOf(env().slack.callsOf('chat.update').at(-1)?.body);
  const click = (user: string, actionId: string, value: string) =>
    sendButtonClick(env().url, { user, actionId, value });
  const batchSize = () => env().world.sandbox.getInput('production_database').configuration?.batch_size;

  /** `/pipeline <text>` by ALICE, approved by BOB (and CAROL for destructive kinds): the applied request's id. */
  async function appliedThroughSlack(text: string): Promise<string> {
    await command(text);
    const { id } = lastCard();
    expect(id).not.toBe('');
    await click(BOB, 'change_approve', id);
    if (textOf(lastUpdate()).includes('Waiting for approval')) await click(CAROL, 'change_approve', id);
    expect(textOf(lastUpdate())).toContain(':white_check_mark: Applied');
    return id;
  }

  it('the applied card offers Revert; a click posts a new dry-run card, and its approval restores the old value', async () => {
    const id = await appliedThroughSlack('input set production_database batch_size 5000');
    expect(batchSize()).toBe(5000);
    expect(buttons(lastUpdate())).toEqual(['change_revert']);

    const posted = env().slack.callsOf('chat.postMessage').length;
    const response = await click(CAROL, 'change_revert', id);
    expect(response.status).toBe(200);
    expect(env().slack.callsOf('chat.postMessage').length).toBeGreaterThan(posted);
    const revert = lastCard();
    expect(revert.id).not.toBe(id);
    expect(revert.buttons).toEqual(['change_approve', 'change_reject', 'change_cancel']);
    expect(revert.text).toContain(`#${revert.id} Revert #${id}: Set batch_size of input production_database to 5000`);
    expect(revert.text).toContain(`*Reverts #${id}*: writes back the state from before it.`);
    expect(revert.text).toContain('+    \\"batch_size\\": 100000,');
    expect(revert.text).toContain('<@UCAROL>');
    expect(revert.text).not.toContain('Not a pure undo');
    expect(batchSize()).toBe(5000);

    await click(ALICE, 'change_approve', revert.id);
    expect(textOf(lastUpdate())).toContain(':white_check_mark: Applied');
    expect(batchSize()).toBe(100000);
  });

  it('/pipeline revert #id after a later change: the card warns it is not a pure undo and the diff shows both', async () => {
    const first = await appliedThroughSlack('input set production_database batch_size 5000');
    await appliedThroughSlack('input set production_database port 6543');
    expect(await command(`revert #${first}`, DAVE)).toEqual([]);
    const revert = lastCard();
    expect(revert.text).toContain(`Revert #${first}`);
    expect(revert.text).toContain(':warning: *Not a pure undo.*');
    expect(revert.text).toMatch(/Since #\d+ was applied, `configuration\.port` changed too/);
    expect(revert.text).toContain('+    \\"port\\": 5432,');
    expect(revert.text).toContain('+    \\"batch_size\\": 100000,');
    await click(BOB, 'change_approve', revert.id);
    expect(env().world.sandbox.getInput('production_database').configuration).toMatchObject({
      batch_size: 100000,
      port: 5432,
    });
  });

  it('refuses a revert of a failed or pending request privately; a delete says why instead of offering the button', async () => {
    await command('input set production_database port 1');
    const failing = lastCard().id;
    env().world.sandbox.injectFault({ method: 'PUT', path: /^inputs\//, status: 500, times: 1 });
    await click(BOB, 'change_approve', failing);
    expect(textOf(lastUpdate())).toContain(':x: Failed');
    expect(buttons(lastUpdate())).not.toContain('change_revert');
    const posted = env().slack.callsOf('chat.postMessage').length;

    const replies = await command(`revert #${failing}`, BOB);
    expect(replies.join('\n')).toContain(
      `#${failing} cannot be reverted. #${failing} is failed: only an applied change can be reverted`,
    );
    // A click on a Revert the card does not show (a forged one) is refused too.
    const card = (await env().world.services.changes.get(Number(failing)))?.message;
    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'change_revert',
      value: failing,
      channel: card?.channelId ?? '',
      messageTs: card?.ts ?? '',
    });
    expect(JSON.stringify(env().slack.responses.at(-1)?.body)).toContain(`is failed: it offers no revert`);

    await command('input pause mixpanel_engage_one');
    const pending = lastCard().id;
    expect((await command(`revert ${pending}`, BOB)).join('\n')).toContain('is pending: only an applied change');
    expect(env().slack.callsOf('chat.postMessage').length).toBe(posted + 1);

    await appliedThroughSlack('input delete source_tWO');
    expect(buttons(lastUpdate())).toEqual([]);
    expect(textOf(lastUpdate())).toContain(
      'Cannot be reverted: A deleted input cannot be brought back with its id and credentials',
    );
    expect(await env().world.services.changes.listPending()).toHaveLength(1);
  });
});
