import type { EventTypeDetail, EventTypeRow } from '../../services/events/event-type-catalog.js';
import type { MappingMode } from '../../services/pipeline/schemas.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { fitPlainText, inlineCode, literalMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

function mode(row: EventTypeRow): string {
  return `${literalMrkdwn(row.mappingMode ?? 'default', 20)}${row.usingDefaultMappingMode ? ' (default)' : ''}`;
}

function rowLine(row: EventTypeRow): string {
  const keys = row.consolidationKeys.length > 0 ? row.consolidationKeys.map((k) => inlineCode(k, 40)).join(', ') : '—';
  return [
    `• ${inlineCode(row.name, 80)}`,
    `input ${row.input ? inlineCode(row.input, 60) : '?'}`,
    mode(row),
    literalMrkdwn(row.state ?? '?', 20),
    `table ${row.table ? inlineCode(row.table, 80) : '—'}`,
    `keys ${keys}`,
    ...(row.count !== null ? [`${row.count.toLocaleString('en-US')} events`] : []),
  ].join(' · ');
}

/** `event list [input]`: managealooma's view_events table, one line per event type. */
export function buildEventTypeListMessage(rows: readonly EventTypeRow[], inputLabel?: string): SlackMessage {
  const title = inputLabel ? `Event types of ${inputLabel} (${rows.length})` : `Event types (${rows.length})`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(title, LIMITS.headerText) } },
    ...linesToSections(rows.length > 0 ? rows.map(rowLine) : ['No event types.']),
  ];
  return {
    text: literalMrkdwn(`${title}: ${rows.map((row) => row.name).join(', ')}`, LIMITS.messageText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

/** `event show <event type>`: its summary, consolidation and the unmapped fields clear-stats would remove. */
export function buildEventTypeMessage(detail: EventTypeDetail, command: string): SlackMessage {
  const fields = detail.mapping.fields ?? [];
  const lines = [
    `*Input* ${detail.input ? inlineCode(detail.input, 80) : '?'} · *mode* ${mode(detail)} · *state* ${literalMrkdwn(detail.state ?? '?', 20)}`,
    `*Table* ${detail.table ? inlineCode(detail.table, 120) : '(not mapped)'} · *${fields.length}* top-level field${fields.length === 1 ? '' : 's'}${detail.count !== null ? ` · *${detail.count.toLocaleString('en-US')}* events` : ''}`,
    `*Consolidation* ${detail.consolidatedTable ? inlineCode(detail.consolidatedTable, 120) : '(none)'} · *keys* ${detail.consolidationKeys.length > 0 ? detail.consolidationKeys.map((k) => inlineCode(k, 40)).join(', ') : '(none)'}`,
    detail.unmappedFields.length > 0
      ? `*Unmapped fields* (${detail.unmappedFields.length}): ${detail.unmappedFields.map((f) => inlineCode(f, 60)).join(', ')}`
      : '*Unmapped fields*: none',
    `_Fields:_ ${inlineCode(`${command} mapping show ${detail.name.includes(' ') ? `"${detail.name}"` : detail.name}`, 200)}`,
  ];
  return {
    text: literalMrkdwn(
      `Event type ${detail.name}: ${detail.mappingMode ?? 'default'} mode, table ${detail.table ?? 'none'}`,
      LIMITS.messageText,
    ),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: fitPlainText(`Event type ${detail.name}`, LIMITS.headerText) },
      },
      ...linesToSections(lines),
    ],
  };
}

/** `default-mode show`. */
export function buildDefaultModeMessage(modeName: MappingMode): SlackMessage {
  const text = `The default mapping mode is *${modeName}*: new event types, and those using the default, are mapped this way.`;
  return { text: `Default mapping mode: ${modeName}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
