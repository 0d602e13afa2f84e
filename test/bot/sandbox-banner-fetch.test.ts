import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { sandboxBannerFetch } from '../../src/bot/sandbox-banner-fetch.js';
import { SANDBOX_BANNER_BLOCK_ID } from '../../src/handlers/blocks/sandbox-banner.js';

/** What reached "Slack": the Web API method and its form fields, or a response_url's JSON. */
interface Sent {
  url: string;
  form: URLSearchParams | null;
  json: Record<string, unknown> | null;
}

function recordingSlack() {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === 'string' ? init.body : '';
    const isJson = new Headers(init?.headers).get('content-type')?.startsWith('application/json') ?? false;
    sent.push({
      url,
      form: isJson ? null : new URLSearchParams(body),
      json: isJson ? (JSON.parse(body) as Record<string, unknown>) : null,
    });
    return new Response(JSON.stringify({ ok: true, channel: 'C1', ts: '1.000001' }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return { sent, fetch };
}

const HOME = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Waiting for you' } }] };

describe('SANDBOX on everything sent through the Web API client (PIPEOPS_SANDBOX=1)', () => {
  it('puts the banner on top of the Home tab (views.publish) and of modals, once', async () => {
    const slack = recordingSlack();
    const client = new webApi.WebClient('xoxb-test', {
      fetch: sandboxBannerFetch(() => slack.fetch),
      retryConfig: { retries: 0 },
    });
    await client.views.publish({ user_id: 'UALICE', view: HOME as never });
    await client.views.open({
      trigger_id: '1.2',
      view: { ...HOME, type: 'modal', title: { type: 'plain_text', text: 'x' } } as never,
    });
    const views = slack.sent.map(
      (sent) => JSON.parse(sent.form?.get('view') ?? '{}') as { blocks: { block_id?: string }[] },
    );
    for (const view of views) {
      expect(view.blocks.map((block) => block.block_id ?? null)).toEqual([SANDBOX_BANNER_BLOCK_ID, null]);
    }
    // A view already bannered (a Home tab built with withSandboxBannerView) is not bannered twice.
    await client.views.publish({ user_id: 'UALICE', view: { type: 'home', blocks: views[0]?.blocks } as never });
    const again = JSON.parse(slack.sent.at(-1)?.form?.get('view') ?? '{}') as { blocks: unknown[] };
    expect(again.blocks).toHaveLength(2);
  });

  it('starts every message text with [SANDBOX] and its blocks with the banner; other methods pass untouched', async () => {
    const slack = recordingSlack();
    const client = new webApi.WebClient('xoxb-test', {
      fetch: sandboxBannerFetch(() => slack.fetch),
      retryConfig: { retries: 0 },
    });
    await client.chat.postMessage({ channel: 'C1', text: 'Card', blocks: [{ type: 'divider' }] });
    await client.chat.postEphemeral({ channel: 'C1', user: 'UALICE', text: 'Only you' });
    await client.chat.update({ channel: 'C1', ts: '1.000001', text: 'Updated' });
    await client.users.info({ user: 'UALICE' });
    const [post, ephemeral, update, info] = slack.sent;
    expect(post?.form?.get('text')).toBe('[SANDBOX] Card');
    expect(JSON.parse(post?.form?.get('blocks') ?? '[]')[0]).toMatchObject({ block_id: SANDBOX_BANNER_BLOCK_ID });
    expect(ephemeral?.form?.get('text')).toBe('[SANDBOX] Only you');
    expect(update?.form?.get('text')).toBe('[SANDBOX] Updated');
    expect(info?.form?.get('user')).toBe('UALICE');
    expect(info?.form?.has('text')).toBe(false);
  });

  it('banners a reply posted to a response_url (respond())', async () => {
    const slack = recordingSlack();
    const fetch = sandboxBannerFetch(() => slack.fetch);
    await fetch('https://hooks.slack.com/commands/T1/2/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Inputs' }),
    });
    expect(slack.sent[0]?.json).toEqual({ response_type: 'ephemeral', text: '[SANDBOX] Inputs' });
  });
});
