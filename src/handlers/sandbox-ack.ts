import type { AckFn, RespondArguments } from '@slack/bolt';
import { bannerText, withSandboxBanner } from './blocks/sandbox-banner.js';

type CommandAck = AckFn<string | RespondArguments>;

/**
 * A slash command's `ack` that puts the SANDBOX banner on what it answers with (help, usage errors): those go back
 * in the HTTP response or the socket envelope, not through the fetch that sandboxBannerFetch covers.
 */
export function sandboxAck(ack: CommandAck, announceSandbox: boolean | undefined): CommandAck {
  if (!announceSandbox) return ack;
  return (response) =>
    ack(
      typeof response === 'string'
        ? bannerText(response)
        : response === undefined
          ? undefined
          : withSandboxBanner(response),
    );
}
