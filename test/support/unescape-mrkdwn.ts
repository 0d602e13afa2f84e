/** What Slack shows for our escaped mrkdwn, near enough to assert on: `&lt;`, `&gt;`, `&amp;` decoded. */
export const unescapeMrkdwn = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
