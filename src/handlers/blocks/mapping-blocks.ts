import type { Mapping, MappingField } from '../../services/pipeline/schemas.js';
import { LIMITS } from './limits.js';
import { fitPlainText, inlineCode, literalMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { SlackMessage } from './slack-types.js';

function fieldLines(fields: readonly MappingField[], prefix = ''): string[] {
  return fields.flatMap((field) => {
    const name = `${prefix}${field.fieldName}`;
    const mapping = field.mapping;
    const type = mapping?.columnType;
    const column = mapping?.isDiscarded
      ? '_discarded_'
      : `${inlineCode(mapping?.columnName ?? '?', 40)} ${type ? literalMrkdwn(type.type, 40) : ''}${type?.length ? `(${type.length})` : ''}${type?.nonNull ? ' NOT NULL' : ''}`;
    return [`• ${inlineCode(name, 60)} → ${column}`, ...fieldLines(field.fields ?? [], `${name}.`)];
  });
}

/** Whole lines that fit in `max`, then how many were left out: a line cut in its middle could leave a span open. */
function fitLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > max - 30) break;
    kept.push(line);
    used += line.length + 1;
  }
  if (kept.length < lines.length) kept.push(`… and ${lines.length - kept.length} more`);
  return kept.join('\n');
}

/** The mapping of an event type: mode, target table, consolidation and the field list (first ones). */
export function buildMappingMessage(mapping: Mapping): SlackMessage {
  const c = mapping.consolidation;
  const keys =
    Array.isArray(c?.consolidationKeys) && c.consolidationKeys.length > 0
      ? c.consolidationKeys.map((key) => inlineCode(String(key), 60)).join(', ')
      : '(none)';
  const target = mapping.mapping
    ? `${mapping.mapping.schema ?? '?'}.${mapping.mapping.tableName ?? '?'}`
    : '(unmapped)';
  const consolidated = c?.consolidatedTableName
    ? `${c.consolidatedSchema ?? '?'}.${c.consolidatedTableName}`
    : '(none)';
  const fields = fieldLines(mapping.fields ?? []);
  const shown = fields.length > 0 ? fitLines(fields, LIMITS.sectionText - 40) : '(no fields)';
  return {
    text: `Mapping of ${literalMrkdwn(mapping.name, 200)}: ${literalMrkdwn(mapping.mappingMode ?? 'default', 40)} mode, table ${literalMrkdwn(target, 200)}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: fitPlainText(`Mapping ${mapping.name}`, LIMITS.headerText) },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Mode*\n${literalMrkdwn(mapping.mappingMode ?? 'default', 100)}` },
          { type: 'mrkdwn', text: `*State*\n${literalMrkdwn(mapping.state ?? '?', 100)}` },
          { type: 'mrkdwn', text: `*Table*\n${inlineCode(target)}` },
          { type: 'mrkdwn', text: `*Consolidated into*\n${inlineCode(consolidated)}` },
          { type: 'mrkdwn', text: truncateMrkdwn(`*Consolidation keys*\n${keys}`, LIMITS.fieldText) },
          { type: 'mrkdwn', text: `*Fields*\n${fields.length}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Fields*\n${shown}` } },
    ],
  };
}
