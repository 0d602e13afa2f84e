import { inputSnapshot } from '../../services/changes/kinds/input-paused-state.js';
import { prettyJson } from '../../services/changes/unified-diff.js';
import type { Input } from '../../services/pipeline/schemas.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { codeBlock, fitPlainText, inlineCode, literalMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

function stateEmoji(input: Input): string {
  return input.paused ? ':double_vertical_bar: paused' : ':arrow_forward: running';
}

export function buildInputListMessage(inputs: readonly Input[]): SlackMessage {
  if (inputs.length === 0)
    return { text: 'No inputs.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'No inputs.' } }] };
  const lines = inputs.map((i) => `${inlineCode(i.name, 60)} · ${literalMrkdwn(i.type, 60)} · ${stateEmoji(i)}`);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: `Inputs (${inputs.length})` } }];
  blocks.push(...linesToSections(lines));
  return {
    text: truncateMrkdwn(`Inputs: ${inputs.map((i) => literalMrkdwn(i.name, 60)).join(', ')}`, LIMITS.messageText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

/** One input with its configuration; credentials are masked exactly as in change diffs. */
export function buildInputMessage(input: Input): SlackMessage {
  const config = codeBlock(prettyJson(inputSnapshot(input)), LIMITS.sectionText);
  return {
    text: `Input ${literalMrkdwn(input.name, 200)} (${literalMrkdwn(input.type, 60)}): ${input.paused ? 'paused' : 'running'}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: fitPlainText(`Input ${input.name}`, LIMITS.headerText) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Type*\n${literalMrkdwn(input.type, 200)}` },
          { type: 'mrkdwn', text: `*State*\n${stateEmoji(input)}` },
          { type: 'mrkdwn', text: `*Id*\n${inlineCode(input.id)}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: config.text } },
    ],
  };
}
