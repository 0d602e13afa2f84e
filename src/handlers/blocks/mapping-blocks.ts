import type { Mapping, MappingField } from '../../services/pipeline/schemas.js';
import { LIMITS } from './limits.js';
import { escapeMrkdwn, inlineCode, truncate } from './mrkdwn.js';
import type { SlackMessage } from './slack-types.js';

function fieldLines(fields: readonly MappingField[], prefix = ''): string[] {
  return fields.flatMap((field) => {
    const name = `${prefix}${field.fieldName}`;
    const mapping = field.mapping;
    const type = mapping?.columnType;
    const column = mapping?.isDiscarded
      ? '_discarded_'
      : `${inlineCode(mapping?.columnName ?? '?', 40)} ${type ? escapeMrkdwn(type.type) : ''}${type?.length ? `(${type.length})` : ''}${type?.nonNull ? ' NOT NULL' : ''}`;
    return [`• ${inlineCode(name, 60)} → ${column}`, ...fieldLines(field.fields ?? [], `${name}.`)];
  });
}

/** The mapping of an event type: mode, target table, consolidation and the field list (first ones). */
export function buildMappingMessage(mapping: Mapping): SlackMessage {
  const c = mapping.consolidation;
  const keys = Array.isArray(c?.consolidationKeys) ? c.consolidationKeys.join(', ') : '(none)';
  const target = mapping.mapping
    ? `${mapping.mapping.schema ?? '?'}.${mapping.mapping.tableName ?? '?'}`
    : '(unmapped)';
  const consolidated = c?.consolidatedTableName
    ? `${c.consolidatedSchema ?? '?'}.${c.consolidatedTableName}`
    : '(none)';
  const fields = fieldLines(mapping.fields ?? []);
  const shown = truncate(fields.join('\n') || '(no fields)', LIMITS.sectionText - 40);
  return {
    text: `Mapping of ${mapping.name}: ${mapping.mappingMode ?? 'default'} mode, table ${target}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`Mapping ${mapping.name}`, LIMITS.headerText) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Mode*\n${escapeMrkdwn(mapping.mappingMode ?? 'default')}` },
          { type: 'mrkdwn', text: `*State*\n${escapeMrkdwn(mapping.state ?? '?')}` },
          { type: 'mrkdwn', text: `*Table*\n${inlineCode(target)}` },
          { type: 'mrkdwn', text: `*Consolidated into*\n${inlineCode(consolidated)}` },
          { type: 'mrkdwn', text: `*Consolidation keys*\n${escapeMrkdwn(keys || '(none)')}` },
          { type: 'mrkdwn', text: `*Fields*\n${fields.length}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Fields*\n${shown}` } },
    ],
  };
}
