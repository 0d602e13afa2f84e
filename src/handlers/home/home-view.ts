import type { AuditEntry } from '../../services/audit/audit-log.js';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import type { HomeOverview } from '../../services/home/home-overview.js';
import { alertName } from '../alerts/alert-blocks.js';
import { changeActions } from '../blocks/change-request-blocks.js';
import { LIMITS } from '../blocks/limits.js';
import { linesToSections } from '../blocks/line-sections.js';
import { fitPlainText, literalMrkdwn, mention, slackDate, truncateMrkdwn } from '../blocks/mrkdwn.js';
import { withSandboxBannerView } from '../blocks/sandbox-banner.js';
import type { KnownBlock } from '../blocks/slack-types.js';

/** Marks the Home view as pipeops' own, so that a button on it can be told from one on a forged view. */
export const HOME_CALLBACK_ID = 'pipeops_home';

export interface HomeView {
  type: 'home';
  callback_id: string;
  /** `{"user":"U…"}`: whose Home this is (the card binding accepts clicks only from that person's Home). */
  private_metadata: string;
  blocks: KnownBlock[];
}

export interface HomeViewOptions {
  /** Slack on the embedded sandbox: the view says SANDBOX on top. */
  sandbox: boolean;
  /** A line on top, e.g. why a click from this Home was refused (a Home click has no response_url). */
  notice?: string;
  now: Date;
  /** The slash command as registered (`/pipeline`). */
  command: string;
}

const SEVERITY_EMOJI = { critical: '🔴', warning: '🟠', info: '🔵' } as const;

const heading = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } });
const none = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

function requestLine(request: ChangeRequest): string {
  const votes =
    request.approvalsRequired > 1 ? ` · ${request.approvals.length}/${request.approvalsRequired} approvals` : '';
  return `#${request.id} ${literalMrkdwn(request.title, 150)} · by ${mention(request.requestedBy)}${votes} · expires ${slackDate(request.expiresAt)}`;
}

/** A request waiting for this person: its line and the card's own Approve / Reject (same action ids and value). */
function awaitingBlocks(request: ChangeRequest): KnownBlock[] {
  const value = String(request.id);
  const blockId = `home-cr${request.id}`;
  return [
    { type: 'section', block_id: `${blockId}-line`, text: { type: 'mrkdwn', text: requestLine(request) } },
    {
      type: 'actions',
      block_id: `${blockId}-actions`,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Approve' },
          action_id: changeActions.approve,
          value,
          style: 'primary',
          confirm: {
            title: { type: 'plain_text', text: 'Apply this change?' },
            text: { type: 'plain_text', text: fitPlainText(`${request.title}. This writes to the pipeline.`, 300) },
            confirm: { type: 'plain_text', text: 'Approve and apply' },
            deny: { type: 'plain_text', text: 'Back' },
          },
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Reject' },
          action_id: changeActions.reject,
          value,
          style: 'danger',
        },
      ],
    },
  ];
}

function appliedLine(entry: AuditEntry): string {
  const id = entry.changeId === null ? '' : `#${entry.changeId} `;
  return `✅ ${id}${literalMrkdwn(entry.summary, 150)} · approved by ${mention(entry.actor)} · ${slackDate(entry.at)}`;
}

/** The Home tab of `overview.userId`. */
export function buildHomeView(overview: HomeOverview, options: HomeViewOptions): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'pipeops' } }];
  if (options.notice) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncateMrkdwn(options.notice, LIMITS.sectionText) },
    });
  }
  blocks.push(heading(`Waiting for your approval (${overview.awaitingYou.length})`));
  if (overview.awaitingYou.length === 0) blocks.push(none('Nothing waits for you.'));
  for (const request of overview.awaitingYou) blocks.push(...awaitingBlocks(request));
  blocks.push({ type: 'divider' });
  blocks.push(heading(`Your pending requests (${overview.yours.length})`));
  if (overview.yours.length === 0) blocks.push(none('None.'));
  else blocks.push(...linesToSections(overview.yours.map(requestLine)));
  blocks.push({ type: 'divider' });
  blocks.push(heading(`Firing alerts (${overview.firing.length})`));
  if (overview.firing.length === 0) blocks.push(none('None. ✅'));
  else
    blocks.push(
      ...linesToSections(
        overview.firing.map(
          (alert) =>
            `${SEVERITY_EMOJI[alert.severity]} ${literalMrkdwn(alertName(alert), 150)}${
              alert.firedAt === null ? '' : ` since ${slackDate(new Date(alert.firedAt))}`
            }${alert.ackedBy ? ` · acknowledged by ${mention(alert.ackedBy)}` : ''}`,
        ),
      ),
    );
  blocks.push({ type: 'divider' });
  blocks.push(heading('Recently applied'));
  if (overview.recentlyApplied.length === 0) blocks.push(none('Nothing applied yet.'));
  else blocks.push(...linesToSections(overview.recentlyApplied.map(appliedLine)));
  blocks.push(none(`Updated ${slackDate(options.now)} · \`${options.command} help\` for the commands`));
  const view: HomeView = {
    type: 'home',
    callback_id: HOME_CALLBACK_ID,
    private_metadata: JSON.stringify({ user: overview.userId }),
    blocks,
  };
  return options.sandbox ? withSandboxBannerView(view) : view;
}
