import { literalMrkdwn } from './untrusted-text.js';

export { fitUtf16, truncate } from './text-length.js';
/**
 * The mrkdwn helpers every builder imports. Untrusted text goes through untrusted-text.ts (re-exported here, so this
 * stays the one import): `literalMrkdwn` for prose, `inlineCode` for values, `codeBlock` for long text,
 * `messageMrkdwn` for our messages quoting values, `slackLink` for links, `fitPlainText` for plain_text fields.
 * `escapeMrkdwn` alone is only for text we wrote. The only `<…>` markup pipeops emits is built here from validated
 * input: `mention()` of a Slack user id and `slackDate()`.
 */
export {
  codeBlock,
  escapeMrkdwn,
  fitPlainText,
  inlineCode,
  isHttpUrl,
  LOOK_ALIKES,
  literalMrkdwn,
  messageMrkdwn,
  neutraliseFormatting,
  slackLink,
  truncateMrkdwn,
} from './untrusted-text.js';

/** Slack user ids: `U…` in a workspace, `W…` on Enterprise Grid. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** `<@U…>` for a Slack user id; `pipeops` for the system; anything else is not an id and is shown literally. */
export function mention(userId: string): string {
  if (userId === 'system') return 'pipeops';
  return USER_ID.test(userId) ? `<@${userId}>` : literalMrkdwn(userId, 80);
}

/** A date Slack renders in the reader's time zone, with an ISO fallback. */
export function slackDate(date: Date): string {
  const epoch = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(epoch)) return 'an unknown date';
  return `<!date^${epoch}^{date_short_pretty} at {time}|${date.toISOString()}>`;
}
