import { type SendOptions, sendSigned } from './slack-http.js';

let eventCounter = 0;

/** The `app_home_opened` event Slack sends when `user` opens the app's Home tab. */
export function sendHomeOpened(url: string, user: string, options: SendOptions = {}): Promise<Response> {
  eventCounter += 1;
  const body = JSON.stringify({
    token: 'legacy-token-unused',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: `Ev0HOME${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: `${eventCounter}.1` },
    authorizations: [{ team_id: 'T0TEST', user_id: 'U0BOT', is_bot: true }],
  });
  return sendSigned(url, body, { contentType: 'application/json', ...options });
}

export interface HomeViewShown {
  callback_id?: string;
  private_metadata?: string;
  blocks?: unknown[];
}

/**
 * A click on a button of a Home view, as Slack sends it: the container is the view (no channel, no message, and
 * no response_url). `view` is the view as published (views.publish); `responseUrl` only where a test wants to see a reply.
 */
export function sendHomeButtonClick(
  url: string,
  click: { user: string; actionId: string; value: string; view: HomeViewShown; botId?: string; responseUrl?: string },
  options: SendOptions = {},
): Promise<Response> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: click.user, username: click.user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-token-unused',
    trigger_id: `${Date.now()}.456.home`,
    container: { type: 'view', view_id: 'V0HOME' },
    view: {
      id: 'V0HOME',
      team_id: 'T0TEST',
      type: 'home',
      blocks: click.view.blocks ?? [],
      private_metadata: click.view.private_metadata ?? '',
      callback_id: click.view.callback_id ?? '',
      state: { values: {} },
      hash: '1.home',
      app_id: 'A0TEST',
      bot_id: click.botId ?? 'B0BOT',
      root_view_id: 'V0HOME',
      previous_view_id: null,
    },
    ...(click.responseUrl ? { response_url: click.responseUrl } : {}),
    actions: [{ type: 'button', action_id: click.actionId, block_id: 'home', value: click.value, action_ts: '1.2' }],
  };
  return sendSigned(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
}
