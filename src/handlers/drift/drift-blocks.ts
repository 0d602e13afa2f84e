import type { DriftRecord } from '../../services/drift/drift-record.js';
import { jsonEqual } from '../../services/json-value.js';
import { button } from '../blocks/change-request-blocks.js';
import { LIMITS } from '../blocks/limits.js';
import { codeBlock, fitPlainText, inlineCode, literalMrkdwn, mention, slackDate } from '../blocks/mrkdwn.js';
import type { KnownBlock, SlackMessage } from '../blocks/slack-types.js';

/** action_ids of a drift message's buttons; the value of each is `<drift id>:<incident>`. */
export const driftActions = {
  accept: 'drift_accept',
  revert: 'drift_revert',
} as const;

/** Who made the known state: a request, a user's Accept, or pipeops' first read. */
function knownByText(knownBy: string): string {
  if (knownBy === 'read') return 'first read by pipeops';
  if (/^#\d+$/.test(knownBy)) return `applied by ${knownBy}`;
  return `accepted by ${mention(knownBy)}`;
}

/**
 * The message of one drift (a resource changed outside pipeops): who could not be known, what changed, when it was
 * first seen, and Accept / Revert while it lasts; how it ended afterwards. Revert is offered only when something
 * other than a credential changed (pipeops never knew the old credential).
 */
export function buildDriftMessage(record: DriftRecord): SlackMessage {
  const id = `drift${record.id}-${record.incident}-${record.revision}`;
  const what = `${literalMrkdwn(record.resource.type.replace(/_/g, ' '), 60)} ${inlineCode(record.resource.label)}`;
  const open = record.drifted !== null;
  const header = open
    ? `Changed outside pipeops: ${record.resource.label}`
    : `${record.closedHow === 'accepted' ? 'Accepted' : 'Back to the known state'}: ${record.resource.label}`;
  const diffHeading = '*What changed* (last known state → the pipeline now)\n';
  const diff = codeBlock(record.diff ?? '', LIMITS.sectionText - diffHeading.length - 20);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      block_id: `${id}-header`,
      text: { type: 'plain_text', text: fitPlainText(header, LIMITS.headerText) },
    },
    {
      type: 'section',
      block_id: `${id}-facts`,
      fields: [
        { type: 'mrkdwn', text: `*Resource*\n${what}` },
        { type: 'mrkdwn', text: '*Changed by*\nunknown: not through a pipeops change request' },
        { type: 'mrkdwn', text: `*First seen*\n${record.firstSeenAt ? slackDate(record.firstSeenAt) : 'unknown'}` },
        { type: 'mrkdwn', text: `*Last known state*\n${knownByText(record.knownBy)}, ${slackDate(record.knownAt)}` },
      ],
    },
    { type: 'section', block_id: `${id}-diff`, text: { type: 'mrkdwn', text: `${diffHeading}${diff.text}` } },
  ];
  const value = `${record.id}:${record.incident}`;
  if (open) {
    const credentialsOnly = record.drifted !== null && jsonEqual(record.known.snapshot, record.drifted.snapshot);
    blocks.push({
      type: 'actions',
      block_id: `${id}-actions`,
      elements: [
        button('Accept', driftActions.accept, value, 'primary'),
        ...(credentialsOnly ? [] : [button('Revert', driftActions.revert, value)]),
      ],
    });
    blocks.push({
      type: 'context',
      block_id: `${id}-hint`,
      elements: [
        {
          type: 'mrkdwn',
          text: credentialsOnly
            ? 'Only a credential changed (compared by keyed hash; no value is kept). Accept makes it the known state; pipeops cannot write back a value it never knew.'
            : 'Accept makes this the known state (audited). Revert proposes the last known state back, through the usual dry run and approval.',
        },
      ],
    });
  } else {
    const by = record.closedBy ? mention(record.closedBy) : 'pipeops';
    blocks.push({
      type: 'context',
      block_id: `${id}-outcome`,
      elements: [
        {
          type: 'mrkdwn',
          text:
            record.closedHow === 'accepted'
              ? `Accepted by ${by} ${slackDate(record.knownAt)}: this is the known state now.`
              : `The pipeline shows the known state again (${record.closedBy === 'pipeline' ? 'changed back outside pipeops' : `by ${literalMrkdwn(record.closedBy ?? 'pipeops', 40)}`}).`,
        },
      ],
    });
  }
  return { text: `${open ? 'Drift' : 'Drift over'}: ${literalMrkdwn(header, 300)}`, blocks };
}

/** `/pipeline drift`: what shows a drift now, one line each. */
export function buildDriftList(records: readonly DriftRecord[]): SlackMessage {
  if (records.length === 0) {
    return {
      text: 'No drift: every resource pipeops manages shows the state it last applied, read or accepted.',
      blocks: [],
    };
  }
  const lines = records.map(
    (record) =>
      `• ${literalMrkdwn(record.resource.type.replace(/_/g, ' '), 60)} ${inlineCode(record.resource.label)}: changed outside pipeops, first seen ${record.firstSeenAt ? slackDate(record.firstSeenAt) : 'unknown'}`,
  );
  const text = `*${records.length} resource${records.length === 1 ? '' : 's'} changed outside pipeops* (Accept or Revert on each message in the alerts channel)\n${lines.join('\n')}`;
  return {
    text: `${records.length} resource${records.length === 1 ? '' : 's'} drifted`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, LIMITS.sectionText) } }],
  };
}
