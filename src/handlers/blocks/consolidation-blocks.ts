import { describeCron } from '../../services/consolidations/cron-schedule.js';
import type { ConsolidationQuery } from '../../services/pipeline/consolidation-schemas.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { codeBlock, fitPlainText, inlineCode, literalMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** Active/running as managealooma's table shows them, after the error mark when the last run failed. */
function stateText(query: ConsolidationQuery): string {
  const activity = query.is_running ? '🔄 running' : query.is_active === false ? '⏸ inactive' : '▶️ active';
  return query.error_message ? `🔴 error · ${activity}` : activity;
}

function when(value: string | null | undefined): string {
  return value ? literalMrkdwn(value.replace('T', ' ').replace(/\.\d+Z?$|Z$/, ''), 40) : '–';
}

function cronText(query: ConsolidationQuery): string {
  const cron = query.schedule?.cron;
  return cron ? `${inlineCode(cron, 40)} (${literalMrkdwn(describeCron(cron), 80)})` : '–';
}

/** `consolidation list`: managealooma's scheduled_query_table as one line per query. */
export function buildConsolidationListMessage(queries: readonly ConsolidationQuery[]): SlackMessage {
  if (queries.length === 0) {
    return {
      text: 'No consolidation queries.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'No consolidation queries.' } }],
    };
  }
  const lines = queries.map(
    (q) =>
      `${stateText(q)} ${inlineCode(q.event_type, 60)} · ${cronText(q)} · ${literalMrkdwn(q.query_type ?? '?', 30)} · last run ${when(q.last_run_start_time)} → ${when(q.last_run_end_time)} · next ${when(q.next_run_time)}${
        q.error_message ? ` · error: ${literalMrkdwn(q.error_message, 200)}` : ''
      }`,
  );
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Consolidation queries (${queries.length})` } },
    ...linesToSections(lines),
  ];
  return {
    text: truncateMrkdwn(
      `Consolidation queries: ${queries.length}, ${queries.filter((q) => q.error_message).length} in error`,
      LIMITS.messageText,
    ),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

/** `consolidation show <event>`. */
export function buildConsolidationMessage(query: ConsolidationQuery): SlackMessage {
  const fields = [
    `*State*\n${stateText(query)}`,
    `*Schedule*\n${cronText(query)}`,
    `*Query type*\n${literalMrkdwn(query.query_type ?? '?', 60)}`,
    `*Id*\n${inlineCode(query.id, 40)}`,
    `*Last run*\n${when(query.last_run_start_time)} → ${when(query.last_run_end_time)}`,
    `*Next run*\n${when(query.next_run_time)}`,
  ];
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: fitPlainText(`Consolidation of ${query.event_type}`, LIMITS.headerText) },
    },
    {
      type: 'section',
      fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: truncateMrkdwn(text, LIMITS.fieldText) })),
    },
  ];
  if (query.error_message) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateMrkdwn(`*Last error*\n${literalMrkdwn(query.error_message, 2000)}`, LIMITS.sectionText),
      },
    });
  }
  if (query.consolidation_query) {
    const heading = '*Generated SQL*\n';
    const sql = codeBlock(query.consolidation_query, LIMITS.sectionText - heading.length - 40);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${heading}${sql.text}${sql.truncated ? '\n_Shortened to fit._' : ''}` },
    });
  }
  return {
    text: truncateMrkdwn(
      `Consolidation of ${literalMrkdwn(query.event_type, 200)}: ${stateText(query)}`,
      LIMITS.messageText,
    ),
    blocks,
  };
}
