import type { KnownBlock } from '../../handlers/blocks/slack-types.js';

type ActionsBlock = Extract<KnownBlock, { type: 'actions' }>;
type ButtonElement = Extract<ActionsBlock['elements'][number], { type: 'button' }>;

/** A button the console can press, with the actions block it sits in (Slack names both in the click). */
export interface ConsoleButton {
  block: ActionsBlock;
  button: ButtonElement;
}

/** The console's stand-in workspace: every payload it dispatches names it, as Slack names the real one. */
export const CONSOLE_TEAM_ID = 'TCONSOLE';

/** The fields every interaction payload (block_actions, view_submission, view_closed) carries, for `user`. */
export function interactionEnvelope(type: string, user: { id: string; name: string }) {
  return {
    type,
    team: { id: CONSOLE_TEAM_ID, domain: 'console' },
    user: { id: user.id, username: user.name, name: user.name, team_id: CONSOLE_TEAM_ID },
    api_app_id: 'ACONSOLE',
    token: 'console',
  };
}

/** A `block_actions` payload for a press of `button` by `user`; `where` says on what (a message, a view). */
export function buttonClickPayload(
  user: { id: string; name: string },
  { block, button }: ConsoleButton,
  where: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...interactionEnvelope('block_actions', user),
    trigger_id: `trigger.${Date.now()}`,
    ...where,
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: block.block_id,
        text: button.text,
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}
