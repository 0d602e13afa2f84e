import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { escapeMrkdwn, inlineCode, messageMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { SlackMessage } from './slack-types.js';

export interface HelpEntry {
  usage: string;
  description: string;
  /** The command family (`input`): a heading line starts each family. */
  family?: string;
}

/** Every command with its usage, by family, in as many sections as Block Kit's 3000 characters need. */
export function buildHelpMessage(entries: readonly HelpEntry[], footer: string): SlackMessage {
  const lines = entries.map((e, index) => {
    const heading = e.family && e.family !== entries[index - 1]?.family ? `*${escapeMrkdwn(e.family)}*\n` : '';
    return `${heading}\`${escapeMrkdwn(e.usage)}\`\n      ${escapeMrkdwn(e.description)}`;
  });
  const sections = linesToSections(lines);
  return {
    // Usages hold `<input>`: unescaped in the fallback text, Slack would read them as links.
    text: truncateMrkdwn(
      `pipeops commands: ${escapeMrkdwn(entries.map((e) => e.usage).join(' | '))}`,
      LIMITS.messageText,
    ),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'pipeops: run the ETL pipeline from Slack' } },
      ...sections,
      { type: 'context', elements: [{ type: 'mrkdwn', text: footer }] },
    ],
  };
}

/** An ephemeral error with the usage line(s) that would have worked; `error` quotes the user's words in backticks. */
export function buildUsageError(error: string, usages: readonly string[], helpCommand: string): SlackMessage {
  const usageText = usages.length > 0 ? `\nUsage: ${usages.map((u) => `\`${escapeMrkdwn(u)}\``).join(' or ')}` : '';
  const text = truncateMrkdwn(
    `:warning: ${messageMrkdwn(error)}${/[.?!]$/.test(error) ? '' : '.'}${usageText}\nSee ${inlineCode(helpCommand)} for every command.`,
    LIMITS.sectionText,
  );
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A one-section ephemeral notice; `text` is mrkdwn already made safe (describeError's, or our own words). */
export function buildNotice(text: string): SlackMessage {
  const fitted = truncateMrkdwn(text, LIMITS.sectionText);
  return { text: fitted, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitted } }] };
}
