import {
  formatRunSummary,
  reportSampleRun,
  type SampleStatus,
  summarizeRuns,
} from '../../services/transform-tests/sample-runs.js';
import type { TransformTestReport } from '../../services/transform-tests/transform-tester.js';
import { LIMITS } from './limits.js';
import { codeBlock, fitPlainText, inlineCode, literalMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

const statusWords: Record<SampleStatus, string> = {
  unchanged: 'unchanged',
  changed: 'changed',
  split: ':scissors: split',
  dropped: 'dropped',
  error: ':x: error',
};

/** Characters of sample diffs per message: keeps the whole reply readable and well under Slack's payload size. */
const SAMPLE_TEXT_BUDGET = 24_000;
/** Header, summary and footer. */
const FIXED_BLOCKS = 3;
/** An id is shown whole; beyond this length it is left out of the heading rather than cut. */
const MAX_ID_IN_HEADING = 300;

/** An id in inline code, never cut. */
const wholeId = (id: string) => inlineCode(id, Number.MAX_SAFE_INTEGER);

/**
 * `/pipeline transform test` reply: the summary line (`3 samples, 2 changed, 1 error`), then per sample its
 * status and a compact before/after diff, the failing step and message, or the events of a split. Within Block
 * Kit limits: one section per sample (≤ 3000 characters, cut on a line with a note), ≤ 50 blocks.
 */
export function buildTransformTestMessage(report: TransformTestReport, command: string): SlackMessage {
  const reports = report.runs.map(reportSampleRun);
  const summary = formatRunSummary(summarizeRuns(reports));
  const stepsNote =
    report.steps.length === 0
      ? 'no steps: samples pass through unchanged'
      : `${report.steps.length} step${report.steps.length === 1 ? '' : 's'}`;
  const partial =
    report.totalSamples > report.runs.length ? ` (the first ${report.runs.length} of ${report.totalSamples})` : '';
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      block_id: 'tt-header',
      text: { type: 'plain_text', text: fitPlainText(`Transform test: ${report.eventType}`, LIMITS.headerText) },
    },
    {
      type: 'section',
      block_id: 'tt-summary',
      text: {
        type: 'mrkdwn',
        text: truncateMrkdwn(
          `*${summary}*${partial} · ${wholeId(report.eventType)} · ${stepsNote}`,
          LIMITS.sectionText,
        ),
      },
    },
  ];
  if (report.runs.length === 0) {
    blocks.push({
      type: 'section',
      block_id: 'tt-empty',
      text: {
        type: 'mrkdwn',
        text: `The pipeline has no samples of ${wholeId(report.eventType)} yet: it keeps recent events per event type.`,
      },
    });
  }
  const room = LIMITS.blocksPerMessage - FIXED_BLOCKS;
  const shown = report.runs.slice(0, report.runs.length > room ? room - 1 : room);
  const perSample = Math.min(
    LIMITS.sectionText,
    Math.max(500, Math.floor(SAMPLE_TEXT_BUDGET / Math.max(1, shown.length))),
  );
  shown.forEach((run, i) => {
    const sample = reports[i];
    if (!sample) return;
    const label =
      run.uuid && run.uuid.length <= MAX_ID_IN_HEADING
        ? `*sample ${run.number}* ${wholeId(run.uuid)}`
        : `*sample ${run.number}*`;
    const heading = `${label} · ${statusWords[sample.status]}\n`;
    const body = codeBlock(sample.lines.join('\n'), perSample - heading.length);
    blocks.push({
      type: 'section',
      block_id: `tt-sample-${run.number}`,
      text: { type: 'mrkdwn', text: heading + body.text },
    });
  });
  if (shown.length < report.runs.length) {
    blocks.push({
      type: 'context',
      block_id: 'tt-more',
      elements: [{ type: 'mrkdwn', text: `… and ${report.runs.length - shown.length} more samples not shown.` }],
    });
  }
  blocks.push({
    type: 'context',
    block_id: 'tt-footer',
    elements: [
      {
        type: 'mrkdwn',
        text: truncateMrkdwn(
          `Samples and current steps from the pipeline, transformed by its run call. \`+\` added, \`-\` removed, \`~\` changed, \`»\` renamed. See the steps: ${inlineCode(`${command} transform show ${report.eventType}`, 1000)} · propose new ones: ${inlineCode(`${command} transform set ${report.eventType}`, 1000)}`,
          LIMITS.sectionText,
        ),
      },
    ],
  });
  const text = `Transform test of ${literalMrkdwn(report.eventType, 500)}: ${summary}`;
  return { text, blocks };
}
