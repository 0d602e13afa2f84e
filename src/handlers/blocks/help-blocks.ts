import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import type { SlackMessage } from './slack-types.js';

export interface HelpEntry {
  usage: string;
  description: string;
}

/** Every command with its usage, grouped so that no section outgrows Block Kit's 3000 characters. */
export function buildHelpMessage(entries: readonly HelpEntry[], footer: string): SlackMessage {
  const lines = entries.map((e) => `\`${escapeMrkdwn(e.usage)}\`\n      ${escapeMrkdwn(e.description)}`);
  const sections = linesToSections(lines);
  return {
    text: `pipeops commands: ${entries.map((e) => e.usage).join(' | ')}`.slice(0, LIMITS.messageText),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'pipeops: run the ETL pipeline from Slack' } },
      ...sections,
      { type: 'context', elements: [{ type: 'mrkdwn', text: footer }] },
    ],
  };
}

/** An ephemeral error with the usage line(s) that would have worked. */
export function buildUsageError(error: string, usages: readonly string[], helpCommand: string): SlackMessage {
  const usageText = usages.length > 0 ? `\nUsage: ${usages.map((u) => `\`${escapeMrkdwn(u)}\``).join(' or ')}` : '';
  const text = `:warning: ${escapeMrkdwn(error)}.${usageText}\nSee \`${helpCommand}\` for every command.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } }] };
}

/** A one-section ephemeral notice. */
export function buildNotice(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } }] };
}
