import { buttonClickPayload, CONSOLE_TEAM_ID, type ConsoleButton } from './console-interaction.js';
import type { ConsoleHomeView } from './console-slack.js';

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The `app_home_opened` event Slack sends when `userId` opens the app's Home tab. */
export function homeOpenedEvent(userId: string): Record<string, unknown> {
  const now = Date.now() / 1000;
  return {
    type: 'event_callback',
    team_id: CONSOLE_TEAM_ID,
    api_app_id: 'ACONSOLE',
    event_id: `EvHOME${Math.round(now * 1000)}`,
    event_time: Math.floor(now),
    event: { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: `${now}` },
  };
}

/** The button labelled `label` on the Home tab (on the line of change request `#id` when given). */
export function findHomeButton(
  home: ConsoleHomeView,
  label: string,
  requestId: string | undefined,
): ConsoleButton | null {
  const wanted = squash(label);
  for (const block of home.blocks) {
    if (block.type !== 'actions') continue;
    if (requestId && !block.block_id?.startsWith(`home-cr${requestId}-`)) continue;
    for (const element of block.elements) {
      if (element.type !== 'button') continue;
      if (squash(element.text.text) === wanted || element.action_id?.endsWith(`_${wanted}`)) {
        return { block, button: element };
      }
    }
  }
  return null;
}

/** A click on a Home tab button, as Slack sends it: the container is the view; no channel, message or response_url. */
export function homeClickPayload(
  user: { id: string; name: string },
  home: ConsoleHomeView,
  pressed: ConsoleButton,
): Record<string, unknown> {
  return buttonClickPayload(user, pressed, {
    container: { type: 'view', view_id: home.id },
    view: {
      id: home.id,
      type: 'home',
      team_id: CONSOLE_TEAM_ID,
      app_id: 'ACONSOLE',
      bot_id: 'BPIPEOPS',
      callback_id: home.callback_id ?? '',
      private_metadata: home.private_metadata ?? '',
      blocks: home.blocks,
      state: { values: {} },
      hash: `${home.id}.hash`,
      root_view_id: home.id,
      previous_view_id: null,
    },
  });
}
