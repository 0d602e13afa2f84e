import { expect, it, vi } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { type HomeViewShown, sendHomeButtonClick, sendHomeOpened } from '../support/slack-home.js';
import { newResponseUrl, sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';

interface Block {
  type: string;
  text?: { text: string };
  elements?: { type?: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}

/** A published Home view as text: every section, header and context line, and the buttons as `[Label action=value]`. */
function homeText(view: HomeViewShown): string {
  return ((view.blocks ?? []) as Block[])
    .map((block) => {
      if (block.type === 'actions') {
        return (block.elements ?? [])
          .map((e) => `[${(e.text as { text: string }).text} ${e.action_id}=${e.value}]`)
          .join(' ');
      }
      if (block.text) return block.text.text;
      return (block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))).join(' ');
    })
    .join('\n');
}

describeEachBackend('App Home over signed HTTP', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  const publishedFor = (user: string) => {
    const { slack } = env();
    return slack.callsOf('views.publish').filter((call) => call.body.user_id === user);
  };
  const lastHomeOf = (user: string): HomeViewShown => {
    const view = publishedFor(user).at(-1)?.body.view;
    if (!view) throw new Error(`no Home view published for ${user}`);
    return view as HomeViewShown;
  };

  async function proposePause(): Promise<string> {
    await sendSlashCommand(env().url, { user: ALICE, text: 'input pause mixpanel_engage_one' });
    const [request] = await env().world.services.changes.listPending(1);
    if (!request?.message) throw new Error('no card posted');
    return String(request.id);
  }

  async function openHome(user: string): Promise<HomeViewShown> {
    const before = publishedFor(user).length;
    const response = await sendHomeOpened(env().url, user);
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(publishedFor(user).length).toBeGreaterThan(before));
    return lastHomeOf(user);
  }

  it('publishes, for the person who opens it, what waits for them, their own requests, alerts and recent applies', async () => {
    const id = await proposePause();
    await env().world.services.alerts.ingestAlertmanager(
      {
        version: '4',
        groupKey: '{}:{alertname="LoaderLag"}',
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'pipeops',
        groupLabels: { alertname: 'LoaderLag' },
        commonLabels: { alertname: 'LoaderLag', severity: 'critical' },
        commonAnnotations: { summary: 'Loader lag *high* <!channel>' },
        externalURL: '',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'LoaderLag', severity: 'critical' },
            annotations: {},
            startsAt: '2026-01-01T00:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: '',
            fingerprint: 'f1',
          },
        ],
      },
      'C0ALERTS',
    );

    const bobs = await openHome(BOB);
    expect(bobs.callback_id).toBe('pipeops_home');
    const bobText = homeText(bobs);
    expect(bobText).toContain('*Waiting for your approval (1)*');
    expect(bobText).toMatch(new RegExp(`#${id} Pause input mixpanel_engage_one · by <@${ALICE}>`));
    expect(bobText).toContain(`[Approve change_approve=${id}] [Reject change_reject=${id}]`);
    expect(bobText).toContain('*Your pending requests (0)*');
    expect(bobText).toContain('*Firing alerts (1)*');
    // The alert's title is the sender's text: shown literally, never as formatting or a mention.
    expect(bobText).toContain('🔴 Loader lag ∗high∗ &lt;!channel&gt; since');
    expect(bobText).not.toContain('<!channel>');
    expect(bobText).toContain('*Recently applied*');

    const alices = homeText(await openHome(ALICE));
    expect(alices).toContain('*Waiting for your approval (0)*');
    expect(alices).not.toContain('change_approve');
    expect(alices).toContain('*Your pending requests (1)*');
    expect(alices).toContain(`#${id} Pause input mixpanel_engage_one`);
  });

  it('applies an Approve clicked on the Home tab through the normal workflow; the requester’s own click is refused', async () => {
    const id = await proposePause();
    const alicesHome = await openHome(ALICE);
    const bobsHome = await openHome(BOB);

    // The second-person rule holds from the Home tab too (the buttons are forged into Alice's view here).
    await sendHomeButtonClick(env().url, { user: ALICE, actionId: 'change_approve', value: id, view: alicesHome });
    await vi.waitFor(() => expect(homeText(lastHomeOf(ALICE))).toContain('someone else has to approve'));
    expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    expect((await env().world.services.changes.get(Number(id)))?.status).toBe('pending');

    const updatesBefore = env().slack.callsOf('chat.update').length;
    await sendHomeButtonClick(env().url, { user: BOB, actionId: 'change_approve', value: id, view: bobsHome });
    expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(true);
    const request = await env().world.services.changes.get(Number(id));
    expect(request?.status).toBe('applied');
    // The card in the channel is redrawn as applied, and the requester is told in its thread.
    const cardUpdates = env().slack.callsOf('chat.update').slice(updatesBefore);
    expect(cardUpdates.at(-1)?.body).toMatchObject({ channel: request?.message?.channelId, ts: request?.message?.ts });
    expect(JSON.stringify(cardUpdates.at(-1)?.body.blocks)).toContain('Applied');
    // Both Home tabs are refreshed after the transition (a round may read it mid-way; the next one shows the end).
    await vi.waitFor(() => {
      expect(homeText(lastHomeOf(BOB))).toContain('*Waiting for your approval (0)*');
      expect(homeText(lastHomeOf(ALICE))).toContain('*Your pending requests (0)*');
      expect(homeText(lastHomeOf(ALICE))).toMatch(
        new RegExp(`✅ #${id} Pause input mixpanel_engage_one · approved by <@${BOB}>`),
      );
    });
  });

  it('refuses a click from a Home view that is not the clicker’s own, and buttons the Home tab does not offer', async () => {
    const id = await proposePause();
    const alicesHome = await openHome(ALICE);
    const bobsHome = await openHome(BOB);

    const responseUrl = newResponseUrl();
    await sendHomeButtonClick(env().url, {
      user: BOB,
      actionId: 'change_approve',
      value: id,
      view: alicesHome,
      responseUrl,
    });
    expect(env().slack.responses.find((r) => r.url === responseUrl)?.body.text).toMatch(/not on the card/);

    await sendHomeButtonClick(env().url, {
      user: ALICE,
      actionId: 'change_cancel',
      value: id,
      view: { ...bobsHome, private_metadata: JSON.stringify({ user: ALICE }) },
    });
    await vi.waitFor(() => expect(homeText(lastHomeOf(ALICE))).toContain('not offered on the Home tab'));

    await sendHomeButtonClick(env().url, {
      user: BOB,
      actionId: 'change_approve',
      value: id,
      view: bobsHome,
      botId: 'B0OTHER',
    });
    expect(env().world.sandbox.getInput('mixpanel_engage_one').paused).toBe(false);
    expect((await env().world.services.changes.get(Number(id)))?.status).toBe('pending');
  });
});
