import type { types } from '@slack/bolt';

/** The Block Kit types we build, re-exported from Bolt (which owns the @slack/types dependency). */
export type KnownBlock = types.KnownBlock;
export type Button = types.Button;
export type SectionBlock = types.SectionBlock;

/** A message as pipeops posts it: blocks plus the `text` fallback used by notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
