import type { StepFunctionHelp } from '../../services/transform-tests/transform-tester.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import {
  codeBlock,
  escapeMrkdwn,
  fitPlainText,
  inlineCode,
  literalMrkdwn,
  truncate,
  truncateMrkdwn,
} from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** `/pipeline transform show`: the current steps, in the JSON form `transform set` edits. */
export function buildStepsMessage(eventType: string, stepsText: string, count: number, command: string): SlackMessage {
  const heading = `${count === 0 ? 'No steps' : `${count} step${count === 1 ? '' : 's'}`}: events of ${inlineCode(eventType, Number.MAX_SAFE_INTEGER)} ${count === 0 ? 'reach the mapping unchanged.' : 'go through these in order.'}\n`;
  const body = codeBlock(stepsText, LIMITS.sectionText - heading.length);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: fitPlainText(`Transform steps of ${eventType}`, LIMITS.headerText) },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(heading + body.text, LIMITS.sectionText) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncateMrkdwn(
            `${body.truncated ? 'Shortened to fit Slack. ' : ''}Try them on samples: ${inlineCode(`${command} transform test ${eventType}`, 1000)} · change them: ${inlineCode(`${command} transform set ${eventType}`, 1000)}`,
            LIMITS.sectionText,
          ),
        },
      ],
    },
  ];
  return { text: `Transform steps of ${literalMrkdwn(eventType, 500)}: ${count}`, blocks };
}

/** `/pipeline transform functions`: every step function with its Python signature and what it does. */
export function buildFunctionsMessage(functions: readonly StepFunctionHelp[]): SlackMessage {
  const lines = functions.map((fn) => `${inlineCode(fn.signature, 300)}\n      ${escapeMrkdwn(fn.summary)}`);
  const sections = linesToSections(lines);
  return {
    text: truncate(
      `Transform step functions: ${escapeMrkdwn(functions.map((fn) => fn.name).join(', '))}`,
      LIMITS.messageText,
    ),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Transform step functions (${functions.length})` } },
      ...sections.slice(0, LIMITS.blocksPerMessage - 2),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escapeMrkdwn(
              'A step is `{"fn": "<function>", "args": {"<argument>": <value>}}` with managealooma\'s names; `event` is passed for you. Arguments with a default may be left out.',
            ),
          },
        ],
      },
    ],
  };
}
