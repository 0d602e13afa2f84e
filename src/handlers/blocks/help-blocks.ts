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

const HELP_TITLE = 'pipeops: run the ETL pipeline from Slack';

/** A family of commands as the help overview lists it. */
export interface HelpTopic {
  /** The family (`input`), also the word after `help` that lists it. */
  name: string;
  /** Its commands' leading words (`list`, `pause`, …), in help's order, without repeats. */
  verbs: readonly string[];
  /** A family of one command is shown as that command. */
  single?: HelpEntry;
}

/**
 * The short help: one line per family, with the command that lists it. A few hundred bytes per family instead of
 * every usage (the full list is 15 KB): it is the answer people see first, in the acknowledgement itself.
 */
export function buildHelpOverview(
  topics: readonly HelpTopic[],
  hints: { topicCommand: string; allCommand: string },
  footer: string,
): SlackMessage {
  const lines = topics.map((topic) =>
    topic.single
      ? `*${escapeMrkdwn(topic.name)}*  \`${escapeMrkdwn(topic.single.usage)}\`  ${escapeMrkdwn(topic.single.description)}`
      : `*${escapeMrkdwn(topic.name)}*  ${topic.verbs.map(escapeMrkdwn).join(' · ')}  →  ${inlineCode(`${hints.topicCommand} ${topic.name}`)}`,
  );
  return {
    text: truncateMrkdwn(
      `pipeops command families: ${escapeMrkdwn(topics.map((t) => t.name).join(', '))}. ${escapeMrkdwn(hints.allCommand)} lists every command.`,
      LIMITS.messageText,
    ),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: HELP_TITLE } },
      ...linesToSections(lines),
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `Every command with its usage: ${inlineCode(hints.allCommand)}. ${footer}` },
        ],
      },
    ],
  };
}

/** Every command with its usage, by family, in as many sections as Block Kit's 3000 characters need. */
export function buildHelpMessage(entries: readonly HelpEntry[], footer: string, title = HELP_TITLE): SlackMessage {
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
      { type: 'header', text: { type: 'plain_text', text: title } },
      ...sections,
      { type: 'context', elements: [{ type: 'mrkdwn', text: footer }] },
    ],
  };
}

/** An ephemeral error with the usage line(s) that would have worked; `error` quotes the user's words in backticks. */
export function buildUsageError(error: string, usages: readonly string[], helpCommand: string): SlackMessage {
  const usageText = usages.length > 0 ? `\nUsage: ${usages.map((u) => `\`${escapeMrkdwn(u)}\``).join(' or ')}` : '';
  const text = truncateMrkdwn(
    `:warning: ${messageMrkdwn(error)}${/[.?!]$/.test(error) ? '' : '.'}${usageText}\nSee ${inlineCode(helpCommand)} for the commands.`,
    LIMITS.sectionText,
  );
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A one-section ephemeral notice; `text` is mrkdwn already made safe (describeError's, or our own words). */
export function buildNotice(text: string): SlackMessage {
  const fitted = truncateMrkdwn(text, LIMITS.sectionText);
  return { text: fitted, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitted } }] };
}
