import { isSnoozed } from '../../services/alerts/alert-record.js';
import type { PipelineOverview, Throughput } from '../../services/status/pipeline-status.js';
import { alertName } from '../alerts/alert-blocks.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { formatMetricNumber } from './metric-number.js';
import { inlineCode, literalMrkdwn, mention, slackDate, truncate, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

const SEVERITY_EMOJI = { critical: '🔴', warning: '🟠', info: '🔵' } as const;
const perMinute = (value: number | null) => (value === null ? '–' : formatMetricNumber(value, value < 10 ? 1 : 0));

function throughputText(t: Throughput): string {
  return `in ${perMinute(t.eventsIn)}/min · loaded ${perMinute(t.loaded)}/min · errors ${perMinute(t.errors)}/min`;
}

/** A titled list, in as few sections as fit. */
function sections(title: string, lines: readonly string[]): KnownBlock[] {
  return linesToSections([`*${title}*`, ...lines]);
}

/**
 * `/pipeline status`: one message with the inputs and their recent throughput, firing alerts (marked when someone
 * acknowledged or snoozed them; a snooze that has run out by `now` is not shown), pending changes.
 */
export function buildStatusMessage(overview: PipelineOverview, now: Date): SlackMessage {
  const running = overview.inputs.filter((input) => !input.paused).length;
  const inputLines = overview.inputs.map(
    (input) =>
      `${input.paused ? '⏸ paused' : '▶️ running'} ${inlineCode(input.name, 60)} · ${literalMrkdwn(input.type, 60)}${
        input.throughput ? ` · ${throughputText(input.throughput)}` : ''
      }`,
  );
  if (overview.total) inputLines.push(`*Pipeline:* ${throughputText(overview.total)}`);
  const alertLines = overview.firing.map(
    (alert) =>
      `${SEVERITY_EMOJI[alert.severity]} ${literalMrkdwn(alertName(alert), 120)}${
        alert.firedAt === null ? '' : ` since ${slackDate(new Date(alert.firedAt))}`
      }${alert.ackedBy ? ` · 👀 acknowledged by ${mention(alert.ackedBy)}` : ''}${
        alert.snoozedBy && isSnoozed(alert, now)
          ? ` · 💤 snoozed by ${mention(alert.snoozedBy)} until ${slackDate(alert.snoozedUntil ?? now)}`
          : ''
      }`,
  );
  const changeLines = overview.pending.map(
    (request) =>
      `#${request.id} ${literalMrkdwn(request.title, 120)} · by ${mention(request.requestedBy)} · expires ${slackDate(request.expiresAt)}`,
  );
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Pipeline status' } },
    ...sections(
      `Inputs (${overview.inputs.length}: ${running} running, ${overview.inputs.length - running} paused; last ${overview.windowMinutes} min)`,
      inputLines.length > 0 ? inputLines : ['No inputs.'],
    ),
    ...sections(`Firing alerts (${overview.firing.length})`, alertLines.length > 0 ? alertLines : ['None. ✅']),
    ...sections(
      `Pending change requests (${overview.pending.length})`,
      changeLines.length > 0 ? changeLines : ['None.'],
    ),
  ];
  if (overview.failingConsolidations.length > 0) {
    blocks.push(
      ...sections(
        `Consolidations in error (${overview.failingConsolidations.length})`,
        overview.failingConsolidations.map(
          (query) =>
            `🔴 ${inlineCode(query.event_type, 60)} · query ${literalMrkdwn(query.id, 20)} · ${literalMrkdwn(query.error_message ?? '', 200)}`,
        ),
      ),
    );
  }
  if (overview.notes.length > 0) {
    blocks.push({
      type: 'context',
      elements: overview.notes.slice(0, LIMITS.contextElements).map((note) => ({
        type: 'mrkdwn' as const,
        text: truncateMrkdwn(`⚠️ ${literalMrkdwn(note, LIMITS.fieldText)}`, LIMITS.fieldText),
      })),
    });
  }
  return {
    text: truncate(
      `Pipeline status: ${running}/${overview.inputs.length} inputs running, ${overview.firing.length} firing alerts, ${overview.pending.length} pending change requests`,
      LIMITS.messageText,
    ),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
