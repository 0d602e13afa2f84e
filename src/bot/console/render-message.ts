import type { KnownBlock } from '../../handlers/blocks/slack-types.js';

const emoji: Record<string, string> = {
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  white_check_mark: '✅',
  x: '❌',
  warning: '⚠️',
  no_entry_sign: '🚫',
  no_entry: '⛔',
  leftwards_arrow_with_hook: '↩️',
  arrows_counterclockwise: '🔄',
  boom: '💥',
  double_vertical_bar: '⏸',
  arrow_forward: '▶️',
  rotating_light: '🚨',
  large_green_circle: '🟢',
  scissors: '✂️',
};

function formatDate(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Code blocks (```…```) and code spans (`…`): Slack shows what is inside as typed, so the console does too. */
const CODE = /```\n?([\s\S]*?)\n?```|`([^`\n]+)`/g;

/** Slack's three escapes, undone (the only transformation Slack applies inside code too). */
const unescapeEntities = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Mrkdwn outside code: mentions by name, dates, links, emoji, no bold markers, escapes undone. */
function renderProse(text: string, nameOf: (userId: string) => string): string {
  return unescapeEntities(
    text
      .replace(/<@([UW][A-Z0-9]+)>/g, (_m, id: string) => `@${nameOf(id)}`)
      .replace(/<!subteam\^([A-Z0-9]+)>/g, (_m, id: string) => `@${id}`)
      .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
      .replace(/<!date\^(\d+)\^[^|>]*\|[^>]*>/g, (_m, epoch: string) => formatDate(Number(epoch)))
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
      .replace(/:([a-z_]+):/g, (m, name: string) => emoji[name] ?? m)
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, '$1$2'),
  );
}

/** Slack mrkdwn → terminal text. Code spans keep their backticks; code blocks are indented; both verbatim. */
export function renderMrkdwn(text: string, nameOf: (userId: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    out += renderProse(text.slice(last, match.index), nameOf);
    const [whole, block, span] = match;
    out +=
      block !== undefined
        ? `\n${unescapeEntities(block)
            .split('\n')
            .map((line) => `    ${line}`)
            .join('\n')}`
        : `\`${unescapeEntities(span ?? '')}\``;
    last = match.index + whole.length;
  }
  return out + renderProse(text.slice(last), nameOf);
}

interface TextObject {
  type: string;
  text: string;
}

function textOf(obj: TextObject | undefined, nameOf: (id: string) => string): string {
  if (!obj) return '';
  return obj.type === 'mrkdwn' ? renderMrkdwn(obj.text, nameOf) : obj.text;
}

/** Block Kit → readable lines, with buttons shown as `[Label]` and the command that presses them. */
export function renderBlocks(blocks: readonly KnownBlock[], nameOf: (userId: string) => string): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    const b = block as unknown as {
      type: string;
      text?: TextObject;
      fields?: TextObject[];
      elements?: { type: string; text?: TextObject | string; action_id?: string }[];
    };
    switch (b.type) {
      case 'header':
        lines.push(`■ ${textOf(b.text, nameOf)}`);
        break;
      case 'section':
        if (b.text) lines.push(textOf(b.text, nameOf));
        for (const field of b.fields ?? []) lines.push(textOf(field, nameOf).replace('\n', ': '));
        break;
      case 'context':
        lines.push(
          `  ${(b.elements ?? [])
            .map((e) =>
              typeof e.text === 'string' ? textOf({ type: e.type, text: e.text }, nameOf) : textOf(e.text, nameOf),
            )
            .join('  ')}`,
        );
        break;
      case 'actions': {
        const buttons = (b.elements ?? []).filter((e) => e.type === 'button');
        const labels = buttons.map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '?')));
        lines.push(
          `${labels.map((l) => `[${l}]`).join(' ')}   (type: ${labels.map((l) => `click ${l.toLowerCase()}`).join(' | ')})`,
        );
        break;
      }
      case 'divider':
        lines.push('────────');
        break;
      default:
        if (b.text) lines.push(textOf(b.text, nameOf));
    }
  }
  return lines;
}
