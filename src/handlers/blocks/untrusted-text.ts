import { fitUtf16, truncate } from './text-length.js';

/**
 * The one way text that did not come from us (command arguments, names and values read from the pipeline, error
 * messages that quote them, Alertmanager labels) reaches Slack. Slack mrkdwn has two kinds of markup:
 * - control sequences `<!channel>`, `<@U…>`, `<#C…>`, `<https://…|label>`: `&`, `<` and `>` are escaped to entities
 *   everywhere, code spans and code blocks included (Slack parses them there too);
 * - formatting `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ```` ``` ```` blocks and `>` quotes at a line start.
 *   Untrusted prose gets look-alikes instead (`literalMrkdwn`); untrusted values go in code spans (`inlineCode`),
 *   where formatting is off and only the backtick has to be replaced so that the span cannot be closed early.
 *
 * Why look-alikes rather than invisible joiners: Slack formats only on the ASCII characters, so `∗` or `ˍ` can never
 * open or close anything, whatever surrounds them; a zero-width joiner would rely on how Slack's undocumented parser
 * treats invisible characters, and copied text would differ from what was typed without anyone seeing it. The
 * look-alike is visible and only appears in prose, never in code spans, so names and values copied from a code
 * span are exact (but for a backtick). `plain_text` fields (headers, buttons, modal titles) are shown literally by
 * Slack and are only cut to their limits (`fitPlainText`).
 */
export const LOOK_ALIKES = {
  '*': '\u2217', // ∗ ASTERISK OPERATOR
  _: '\u02cd', // ˍ MODIFIER LETTER LOW MACRON
  '~': '\u223c', // ∼ TILDE OPERATOR
  '`': '\u02cb', // ˋ MODIFIER LETTER GRAVE ACCENT
  '>': '\u203a', // › SINGLE RIGHT-POINTING ANGLE QUOTATION MARK (a `>` starting a line would quote it)
} as const;

/** Slack's control characters: escape exactly `&`, `<` and `>`. Enough for text we wrote; not for untrusted prose. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const isAsciiAlnum = (char: string | undefined) => char !== undefined && /^[A-Za-z0-9]$/.test(char);

/**
 * Replaces every character that could open or close formatting by its look-alike. An underscore between two ASCII
 * letters or digits is kept: Slack does not italicise inside a word, and `orders_db` should read as typed.
 */
export function neutraliseFormatting(text: string): string {
  let out = '';
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '*' || char === '~' || char === '`') out += LOOK_ALIKES[char];
    else if (char === '_') out += isAsciiAlnum(text[i - 1]) && isAsciiAlnum(text[i + 1]) ? '_' : LOOK_ALIKES._;
    else if (char === '>' && lineStart) out += LOOK_ALIKES['>'];
    else out += char;
    if (char === '\n') lineStart = true;
    else if (char !== ' ' && char !== '\t') lineStart = false;
  }
  return out;
}

/** Untrusted text as prose in mrkdwn: shown literally (with look-alikes), never as markup. Cut to `max` first. */
export function literalMrkdwn(text: string, max = Number.POSITIVE_INFINITY): string {
  return escapeMrkdwn(neutraliseFormatting(Number.isFinite(max) ? truncate(text, max) : text));
}

/** Leading and trailing spaces are made visible: a code span may not start or end with a space. */
const edgeSpaces = /^[ \t]+|[ \t]+$/g;

/**
 * An untrusted value in one inline code span, cut to `max`: newlines become spaces, backticks their look-alike (so
 * the span cannot be closed early), spaces at either end `␠`. The empty string is shown as _(empty)_.
 */
export function inlineCode(text: string, max = 80): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, ' ').replace(/`/g, LOOK_ALIKES['`']);
  if (oneLine === '') return '_(empty)_';
  const content = truncate(oneLine, max).replace(edgeSpaces, (spaces) => spaces.replace(/ /g, '␠').replace(/\t/g, '␉'));
  return `\`${escapeMrkdwn(content)}\``;
}

/**
 * A fenced code block of untrusted text that fits in `max` characters once escaped. Cuts on a line boundary and
 * says how many lines it left out. A run of two or more backticks in the text gets look-alikes, so it can never
 * make the three that close the fence (single backticks are harmless inside a block and are kept).
 */
export function codeBlock(text: string, max: number): { text: string; truncated: boolean } {
  const fence = '```';
  const body = escapeMrkdwn(text.replace(/`{2,}/g, (run) => LOOK_ALIKES['`'].repeat(run.length)));
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
      if (kept.length === 0) kept.push(cutEscaped(line, left));
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  const omitted = lines.length - kept.length + (kept.length > 0 && kept[0] !== lines[0] ? 1 : 0);
  kept.push(`… ${omitted} more line${omitted === 1 ? '' : 's'}`);
  return { text: `${fence}\n${kept.join('\n')}\n${fence}`, truncated: true };
}

/** The longest value quoted in a message that is shown whole. */
const MAX_QUOTED = 200;

/**
 * A message written by us with untrusted values quoted in backticks (`UserError` and pipeline errors, refusals,
 * command parse errors: "No input named `x`."). Each quoted value becomes an inline code span, everything else is
 * untrusted prose. A backtick opens a quote after a space or an opening bracket (or at the start), and closes it
 * before a space, punctuation or the end of the line, as our messages write them; so a value holding backticks
 * (`a`b`) stays one span. Whatever a value does, what ends up outside a span is still shown literally: a value
 * can at most change which of its parts look like code, never create any other markup.
 */
export function messageMrkdwn(text: string): string {
  return text.split('\n').map(quotedLine).join('\n');
}

const opensQuote = (before: string | undefined) => before === undefined || /[\s([{'"]/.test(before);
const closesQuote = (after: string | undefined) => after === undefined || /[\s.,:;!?)\]}'"]/.test(after);

function quotedLine(line: string): string {
  let out = '';
  let prose = '';
  let i = 0;
  while (i < line.length) {
    const open = line.indexOf('`', i);
    if (open === -1) break;
    let close = -1;
    if (opensQuote(line[open - 1])) {
      for (let j = line.indexOf('`', open + 1); j !== -1; j = line.indexOf('`', j + 1)) {
        if (closesQuote(line[j + 1])) {
          close = j;
          break;
        }
      }
    }
    if (close === -1 || close === open + 1) {
      // A lone backtick, or an empty pair: part of the prose (shown as look-alikes).
      prose += line.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    out += literalMrkdwn(prose + line.slice(i, open)) + inlineCode(line.slice(open + 1, close), MAX_QUOTED);
    prose = '';
    i = close + 1;
  }
  return out + literalMrkdwn(prose + line.slice(i));
}

/**
 * Cuts assembled mrkdwn to `max` UTF-16 units without leaving a code span or block open: an unclosed span would let
 * the untrusted text in it escape into formatted prose.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  // Room for the closer: none, "`" or "\n```"; the cut moves, so what is open is looked at again each time.
  for (const room of [0, 1, 4]) {
    const cut = cutEscaped(text, max - room);
    const closer = openMarkupCloser(cut);
    if (closer.length <= room) return cut + closer;
  }
  return cutEscaped(text.replace(/`/g, LOOK_ALIKES['`']), max);
}

/**
 * Cuts escaped text to `max` UTF-16 units (Slack's measure), never inside an entity (`&am…` would show a raw `&`).
 * An underscore literalMrkdwn kept between two letters (`snake_case`) is at a word boundary once the cut takes the
 * letter after it, where it could close italics: it becomes its look-alike.
 */
function cutEscaped(text: string, max: number): string {
  return fitUtf16(text, max)
    .replace(/&[a-z]{0,3}…$/, '…')
    .replace(/([A-Za-z0-9])_…$/, `$1${LOOK_ALIKES._}…`);
}

/** What closes the code block or inline code span left open at the end of `text` ('' when none is). */
function openMarkupCloser(text: string): string {
  const fenced = text.split('```');
  if (fenced.length % 2 === 0) return '\n```';
  const lastLine = (fenced.at(-1) ?? '').split('\n').at(-1) ?? '';
  return (lastLine.match(/`/g)?.length ?? 0) % 2 === 1 ? '`' : '';
}

/** Text for a `plain_text` object (header, button, modal title, option): never markup, cut to `max`, never empty. */
export function fitPlainText(text: string, max: number): string {
  return text.trim() === '' ? '–' : fitUtf16(text, max);
}

export function isHttpUrl(text: string): boolean {
  return /^https?:\/\/[^\s]+$/.test(text) && text.length <= 3000;
}

/**
 * A link with an untrusted URL and label: only http(s) URLs become links (`<`, `>` and `|` percent-encoded so the
 * URL cannot end the link or start a label); the label is literal text. Anything else shows the label alone.
 */
export function slackLink(url: string, label: string): string {
  const text = literalMrkdwn(label).replace(/\|/g, '/');
  if (!isHttpUrl(url)) return text;
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${text}>`;
}
