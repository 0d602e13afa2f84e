import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { inlineCode, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** `secret list`: the names; the pipeline never returns values, so there are none to show. */
export function buildSecretListMessage(names: readonly string[], command: string): SlackMessage {
  const hint = `Values are never shown. \`${command} secret set &lt;NAME&gt;\` sets one in a private dialog.`;
  if (names.length === 0) {
    const text = `No secrets. ${hint}`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Secrets (${names.length})` } },
    ...linesToSections(names.map((name) => `• ${inlineCode(name, 128)}`)),
    { type: 'context', elements: [{ type: 'mrkdwn', text: hint }] },
  ];
  return {
    text: truncateMrkdwn(`Secrets: ${names.map((name) => inlineCode(name, 128)).join(', ')}`, LIMITS.messageText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
