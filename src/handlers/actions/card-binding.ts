import { z } from 'zod';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import { buildChangeRequestMessage } from '../blocks/change-request-blocks.js';
import { HOME_CALLBACK_ID } from '../home/home-view.js';

/** Where a clicked button was: the message it is on (Slack's `container`, else `channel` + `message`). */
export interface ClickedMessage {
  channelId: string;
  ts: string;
}

const ClickPlace = z.object({
  container: z
    .object({ channel_id: z.string().min(1), message_ts: z.string().min(1) })
    .partial()
    .optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  message: z.object({ ts: z.string().min(1) }).optional(),
});

export function clickedMessage(body: unknown): ClickedMessage | null {
  const parsed = ClickPlace.safeParse(body);
  if (!parsed.success) return null;
  const channelId = parsed.data.container?.channel_id ?? parsed.data.channel?.id;
  const ts = parsed.data.container?.message_ts ?? parsed.data.message?.ts;
  return channelId && ts ? { channelId, ts } : null;
}

const HomeClick = z.object({
  container: z.object({ type: z.literal('view') }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    type: z.literal('home'),
    callback_id: z.literal(HOME_CALLBACK_ID),
    private_metadata: z.string().transform((text, ctx) => {
      const owner = z.object({ user: z.string().min(1) }).safeParse(safeJson(text));
      if (!owner.success) ctx.addIssue({ code: 'custom', message: 'not a pipeops Home view' });
      return owner.success ? owner.data.user : '';
    }),
    bot_id: z.string().optional(),
  }),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Whether the click came from the clicker's own pipeops Home tab (the view pipeops published for them, see
 * home-view.ts), the one place besides the card where its Approve / Reject are offered. A Home view published
 * by another app, or for someone else, does not count.
 */
export function isFromOwnHome(body: unknown, botId: string | undefined): boolean {
  const parsed = HomeClick.safeParse(body);
  if (!parsed.success) return false;
  const { user, view } = parsed.data;
  if (botId && view.bot_id && view.bot_id !== botId) return false;
  return view.private_metadata === user.id;
}

/**
 * A button acts on a request only from that request's own card (the message stored with it): the same
 * request id clicked on another message or in another channel is refused.
 */
export function isOnItsCard(request: ChangeRequest, clicked: ClickedMessage): boolean {
  return request.message?.channelId === clicked.channelId && request.message.ts === clicked.ts;
}

/** Whether the request's card, drawn as it stands now, shows the button: the card decides what it offers. */
export function cardOffers(request: ChangeRequest, actionId: string): boolean {
  return buildChangeRequestMessage(request).blocks.some(
    (block) =>
      block.type === 'actions' &&
      block.elements.some((element) => 'action_id' in element && element.action_id === actionId),
  );
}
