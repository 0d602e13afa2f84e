import { metricUnit } from '../../services/alerts/metric-units.js';
import type { StatusCode } from '../../services/system/system-info.js';
import type { MetricSummary, MetricsReport } from '../../services/system/system-metrics.js';
import { formatMetricValue } from '../alerts/format-metric-value.js';
import { sparkline } from '../alerts/sparkline.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { fitPlainText, inlineCode, literalMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** `system status-codes`: code and description. */
export function buildStatusCodesMessage(codes: readonly StatusCode[]): SlackMessage {
  const lines =
    codes.length > 0
      ? codes.map((c) => `• ${inlineCode(c.code, 60)} ${literalMrkdwn(c.description, 300)}`)
      : ['No status codes.'];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Sample status codes (${codes.length})` } },
    ...linesToSections(lines),
  ];
  return {
    text: literalMrkdwn(`Status codes: ${codes.map((c) => c.code).join(', ')}`, LIMITS.messageText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

function value(summary: MetricSummary, key: 'min' | 'avg' | 'max' | 'last'): string {
  const v = summary[key];
  return v === null ? '—' : formatMetricValue(v, metricUnit(summary.metric));
}

/** One metric as a line: name, sparkline, then min / avg / max / last in its unit. */
export function metricLine(summary: MetricSummary): string {
  const trend = summary.points.length > 0 ? sparkline(summary.points.map(([v]) => v)) : '(no data)';
  return `*${summary.metric}* \`${trend}\`\nmin ${value(summary, 'min')} · avg ${value(summary, 'avg')} · max ${value(summary, 'max')} · last ${value(summary, 'last')}`;
}

/** `system metrics`: a compact table per metric, with the window and bucket size. */
export function buildMetricsMessage(report: MetricsReport, chart: 'attached' | 'failed' | 'none'): SlackMessage {
  const title = `Metrics, last ${report.minutes} minutes`;
  const note =
    chart === 'attached'
      ? '_Chart posted in this channel._'
      : chart === 'failed'
        ? '_The chart could not be drawn or uploaded; the sparklines above show the trend._'
        : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(title, LIMITS.headerText) } },
    ...linesToSections(report.metrics.map(metricLine)),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${report.resolutionMinutes}-minute buckets, oldest to newest. ${note}`.trim() },
      ],
    },
  ];
  return {
    text: literalMrkdwn(
      `${title}: ${report.metrics.map((m) => `${m.metric} last ${value(m, 'last')}`).join(', ')}`,
      LIMITS.messageText,
    ),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
