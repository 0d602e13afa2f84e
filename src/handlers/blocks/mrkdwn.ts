/**
 * Slack mrkdwn treats `&`, `<` and `>` as control characters (https://docs.slack.dev/messaging/formatting-message-text):
 * escape exactly those three in any text that did not come from us, or a diff line like `a < b` becomes a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Inline code for a short untrusted value. */
export function inlineCode(text: string, max = 80): string {
  return `\`${escapeMrkdwn(truncate(text.replace(/`/g, 'ʹ').replace(/\n/g, ' '), max))}\``;
}

export function mention(userId: string): string {
  return userId === 'system' ? 'pipeops' : `<@${userId}>`;
}

/** A date Slack renders in the reader's time zone, with an ISO fallback. */
export function slackDate(date: Date): string {
  const epoch = Math.floor(date.getTime() / 1000);
  return `<!date^${epoch}^{date_short_pretty} at {time}|${date.toISOString()}>`;
}

/**
 * A fenced code block of untrusted text that fits in `max` characters once escaped. Cuts on a line
 * boundary and says how many lines it left out.
 */
export function codeBlock(text: string, max: number): { text: string; truncated: boolean } {
  const fence = '```';
  const body = escapeMrkdwn(text.replace(/```/g, '`\u200b``'));
  const room = max - fence.length * 2 - 2;
  if (body.length <= room) return { text: `${fence}\n${body}\n${fence}`, truncated: false };
  const lines = body.split('\n');
  const kept: string[] = [];
  let used = 0;
  const noteRoom = 40;
  for (const line of lines) {
    const left = room - noteRoom - used - 1;
    if (line.length > left) {
      // A lone overlong line (minified JSON) is cut rather than dropped, so the excerpt is never empty.
      if (kept.length === 0) kept.push(truncate(line, left));
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  const omitted = lines.length - kept.length + (kept.length > 0 && kept[0] !== lines[0] ? 1 : 0);
  kept.push(`… ${omitted} more line${omitted === 1 ? '' : 's'}`);
  return { text: `${fence}\n${kept.join('\n')}\n${fence}`, truncated: true };
}
