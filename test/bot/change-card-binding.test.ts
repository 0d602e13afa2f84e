import { expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { rejectThroughDialog } from '../support/reject-dialog.js';
import { sendButtonClick, sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';

interface Element {
  action_id?: string;
  value?: string;
}

describeEachBackend('a change card’s buttons act only on their own card', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  /** Proposes pausing the input; returns the request id and where its card is. */
  async function proposePause() {
    await sendSlashCommand(env().url, { user: ALICE, text: 'input pause mixpanel_engage_one' });
    const post = env().slack.callsOf('chat.postMessage').at(-1);
    const blocks = (post?.body.blocks ?? []) as { elements?: Element[] }[];
    const id = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'change_approve')?.value;
    if (!id) throw new Error('no card posted');
    const request = await env().world.services.changes.get(Number(id));
    if (!request?.message) throw new Error('the card was not recorded');
    return { id, card: request.message };
  }

  const lastReply = () => String(env().slack.responses.at(-1)?.body.text ?? '');

  it('applies an approval clicked on the card itself', async () => {
    const { id, card } = await proposePause();
    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'change_approve',
      value: id,
      channel: card.channelId,
      messageTs: card.ts,
    });
    expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(true);
  });

  it('refuses the request’s button clicked on another message, privately, and applies nothing', async () => {
    const { id, card } = await proposePause();
    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'change_approve',
      value: id,
      channel: card.channelId,
      messageTs: '1.999999',
    });
    expect(lastReply()).toMatch(new RegExp(`not on the card of change request #${id}`));
    expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    expect((await env().world.services.changes.get(Number(id)))?.status).toBe('pending');
  });

  it('refuses the request’s button clicked in another channel', async () => {
    const { id, card } = await proposePause();
    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'change_reject',
      value: id,
      channel: 'C0ELSEWHERE',
      messageTs: card.ts,
    });
    expect(lastReply()).toMatch(/not on the card/);
    expect((await env().world.services.changes.get(Number(id)))?.status).toBe('pending');
  });

  it('refuses Re-plan on a request whose card does not offer it (rejected), and posts no card', async () => {
    const { id, card } = await proposePause();
    await rejectThroughDialog(env().url, env().slack, { user: BOB, id });
    const posts = env().slack.callsOf('chat.postMessage').length;
    await sendButtonClick(env().url, {
      user: BOB,
      actionId: 'change_replan',
      value: id,
      channel: card.channelId,
      messageTs: card.ts,
    });
    expect(lastReply()).toMatch(new RegExp(`#${id} is rejected: it offers no re-plan`));
    expect(env().slack.callsOf('chat.postMessage')).toHaveLength(posts);
  });

  it.each([
    ['one past the database integer', '2147483648'],
    ['far larger than the database integer', '99999999999999999999'],
  ])('answers a click whose request id is %s as malformed', async (_what, value) => {
    await proposePause();
    const response = await sendButtonClick(env().url, { user: BOB, actionId: 'change_approve', value });
    expect(response.status).toBe(200);
    expect(lastReply()).toMatch(/malformed/);
    expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
  });
});
