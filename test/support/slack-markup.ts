/**
 * What Slack would make of the text pipeops sends, modelled closely enough to find injected markup: control
 * sequences (`<!channel>`, `<@U…>`, `<#C…>`, `<https://…|label>`), formatting that untrusted text opened or closed,
 * code spans broken open, `>` quotes, and internal-error replies. Used by the escaping unit tests and the fuzz test.
 *
 * Formatting injected by a value is recognised by its marker: hostile strings wrap marker words in formatting
 * characters (`*zqb*`, `_zqi_`, `~zqs~`, ```` ```zqf``` ````, `> zqq`), so a marker touching its ASCII delimiter at a
 * word boundary outside code means the value's formatting reached Slack. A value's backticks are only checked for
 * breaking a span open (whatever is left outside spans must still be literal): where a service message quotes a
 * value holding backticks, they may decide which of its parts look like code (see messageMrkdwn).
 */

export interface MarkupRules {
  /** User ids whose `<@U…>` mentions are ours (the users the test acted as). */
  users: readonly string[];
  /** Labels of links we build (`<https://…|source>`); links are refused unless their label is one of these. */
  linkLabels?: readonly string[];
}

const OURS: readonly { pattern: RegExp; ok(match: RegExpExecArray, rules: MarkupRules): boolean }[] = [
  { pattern: /^<@([UW][A-Z0-9]+)>/, ok: (m, rules) => rules.users.includes(m[1] ?? '') },
  { pattern: /^<!date\^-?\d+\^\{date_short_pretty\} at \{time\}\|[0-9TZ:.+-]+>/, ok: () => true },
  {
    pattern: /^<(https?:\/\/[^\s<>|]+)\|([^<>|]*)>/,
    ok: (m, rules) => (rules.linkLabels ?? []).includes(m[2] ?? ''),
  },
];

/** Text with code blocks and inline code spans blanked out: Slack formats nothing inside them. */
export function outsideCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** Everything wrong with one mrkdwn string; empty when Slack would show exactly what we meant. */
export function mrkdwnProblems(text: string, rules: MarkupRules): string[] {
  const problems: string[] = [];
  let rest = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '<') {
      rest += text[i];
      continue;
    }
    const tail = text.slice(i);
    const known = OURS.map((o) => ({ o, m: o.pattern.exec(tail) })).find((x) => x.m !== null);
    if (known?.m && known.o.ok(known.m, rules)) {
      i += known.m[0].length - 1;
      rest += ' ';
    } else {
      problems.push(`unescaped control sequence at ${JSON.stringify(tail.slice(0, 40))}`);
      rest += ' ';
    }
  }
  if (rest.includes('>')) problems.push(`raw > in ${JSON.stringify(excerpt(rest, rest.indexOf('>')))}`);
  const badEntity = /&(?!amp;|lt;|gt;)/.exec(rest);
  if (badEntity) problems.push(`raw & in ${JSON.stringify(excerpt(rest, badEntity.index))}`);

  const prose = outsideCode(rest);
  if (prose.includes('`'))
    problems.push(`unbalanced code span in ${JSON.stringify(excerpt(prose, prose.indexOf('`')))}`);
  // Each marker goes with its own delimiter, so that our markup around a value (`*${title}*`) is not taken for it.
  for (const [delimiter, marker] of [
    ['\\*', 'zqb'],
    ['_', 'zqi'],
    ['~', 'zqs'],
  ]) {
    const opened = new RegExp(`(^|[^A-Za-z0-9])${delimiter}${marker}`, 'm').exec(prose);
    const closed = new RegExp(`${marker}${delimiter}(?=$|[^A-Za-z0-9])`, 'm').exec(prose);
    for (const hit of [opened, closed]) {
      if (hit) problems.push(`formatting from user text: ${JSON.stringify(excerpt(prose, hit.index))}`);
    }
  }
  // ```zqf``` is a value wrapped in a fence: real fences next to the marker made a code block of theirs.
  const fence = /```zqf|zqf```/.exec(rest);
  if (fence) problems.push(`code block from user text: ${JSON.stringify(excerpt(rest, fence.index))}`);
  const quote = /^[ \t]*(&gt;|>)/m.exec(prose);
  if (quote) problems.push(`quote from user text: ${JSON.stringify(excerpt(prose, quote.index))}`);
  if (/Something went wrong on our side|unexpected error|internal error/i.test(text)) {
    problems.push(`internal error shown: ${JSON.stringify(text.slice(0, 200))}`);
  }
  return problems;
}

const excerpt = (text: string, at: number) => text.slice(Math.max(0, at - 30), at + 30);

export interface SlackTexts {
  mrkdwn: { where: string; text: string }[];
  plain: { where: string; text: string }[];
}

/**
 * The texts of a Slack payload (message, response_url body, ack body, view, file upload): the top-level `text`
 * and `initial_comment` and every `mrkdwn` text object are mrkdwn; `plain_text` objects and file titles are shown
 * literally by Slack.
 */
export function slackTexts(body: unknown, where = ''): SlackTexts {
  const out: SlackTexts = { mrkdwn: [], plain: [] };
  const visit = (value: unknown, path: string, topLevel: boolean) => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`, false);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') {
      if (record.type === 'plain_text') out.plain.push({ where: `${path}.text`, text: record.text });
      else if (record.type === 'mrkdwn' || topLevel) out.mrkdwn.push({ where: `${path}.text`, text: record.text });
    }
    if (topLevel && typeof record.initial_comment === 'string') {
      out.mrkdwn.push({ where: `${path}.initial_comment`, text: record.initial_comment });
    }
    if (typeof record.title === 'string') out.plain.push({ where: `${path}.title`, text: record.title });
    for (const [key, child] of Object.entries(record)) {
      if (key !== 'text' || typeof child !== 'string') visit(child, `${path}.${key}`, false);
    }
  };
  visit(body, where, true);
  return out;
}

/** Every problem of a payload's mrkdwn texts, each prefixed with where it was. */
export function payloadProblems(body: unknown, where: string, rules: MarkupRules): string[] {
  return slackTexts(body, where).mrkdwn.flatMap(({ where: at, text }) =>
    mrkdwnProblems(text, rules).map((problem) => `${at}: ${problem}`),
  );
}
