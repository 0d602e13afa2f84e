import type { GeneratedDdl } from '../../services/ddl/ddl-service.js';
import { LIMITS } from './limits.js';
import { codeBlock, fitPlainText, literalMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** `ddl …`: the statements to run in the warehouse, and what the rolled-back check found. */
export function buildDdlMessage(ddl: GeneratedDdl): SlackMessage {
  const target = `${ddl.table.table.schema}.${ddl.table.table.table}${ddl.table.hasLog ? ' (+ _LOG)' : ''}`;
  const { report } = ddl;
  const verdict = report.ok
    ? `✅ Checked on ${literalMrkdwn(report.engine, 20)} (executed and rolled back): no problems.`
    : `⚠️ Checked on ${literalMrkdwn(report.engine, 20)}: ${report.problems.map((p) => literalMrkdwn(p, 400)).join('\n')}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(`Column DDL for ${target}`, LIMITS.headerText) } },
    { type: 'section', text: { type: 'mrkdwn', text: codeBlock(ddl.script.text, LIMITS.sectionText).text } },
    { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(verdict, LIMITS.sectionText) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncateMrkdwn(
            `Not checked: ${report.unchecked.map((u) => literalMrkdwn(u, 300)).join('; ')}`,
            LIMITS.fieldText,
          ),
        },
      ],
    },
  ];
  return {
    text: truncateMrkdwn(
      `Column DDL for ${literalMrkdwn(target, 200)}: ${report.ok ? 'checked, no problems' : 'problems found'}`,
      LIMITS.messageText,
    ),
    blocks,
  };
}
