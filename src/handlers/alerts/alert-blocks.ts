import type {
  AlertmanagerAlertDetails,
  AlertmanagerMember,
  AlertRecord,
  AlertReply,
  MetricAlertDetails,
} from '../../services/alerts/alert-record.js';
import { isSnoozed } from '../../services/alerts/alert-record.js';
import { groupAlertCounts } from '../../services/alerts/alertmanager/large-group.js';
import type { AlertLink, Severity } from '../../services/alerts/rules/alert-rule.js';
import { LIMITS } from '../blocks/limits.js';
import { formatMetricNumber } from '../blocks/metric-number.js';
import {
  fitPlainText,
  inlineCode,
  isHttpUrl,
  literalMrkdwn,
  mention,
  slackDate,
  slackLink,
  truncate,
  truncateMrkdwn,
} from '../blocks/mrkdwn.js';
import type { Button, KnownBlock, SlackMessage } from '../blocks/slack-types.js';
import { formatAlertValue } from './format-metric-value.js';
import { sparkline } from './sparkline.js';

/** Button action ids; the value is `<alert id>:<incident>`, so a click on an older incident's message is refused. */
export const alertActions = {
  acknowledge: 'alert_ack',
  snooze1h: 'alert_snooze1h',
  snooze4h: 'alert_snooze4h',
  pauseInput: 'alert_pause',
  showQuery: 'alert_show_query',
} as const;

export const SNOOZE_MS: Readonly<Record<string, number>> = {
  [alertActions.snooze1h]: 60 * 60_000,
  [alertActions.snooze4h]: 4 * 60 * 60_000,
};

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = { critical: '🔴', warning: '🟠', info: '🔵' };
const MAX_MEMBERS_SHOWN = 10;

/** "Input errors · mixpanel_engage_one": the rule's title and the series it is about. */
export function alertName(alert: AlertRecord): string {
  const subject = alert.details.kind === 'metric' ? alert.details.subject?.name : undefined;
  return subject ? `${alert.title} · ${subject}` : alert.title;
}

/**
 * The alert's message as it should look now: header with severity, state, value and condition (or the
 * Alertmanager group's alerts), a small trend, links, who acknowledged or snoozed it, and the buttons while it
 * fires. Block ids carry the revision, so Slack treats every redraw as new content.
 */
export function buildAlertMessage(alert: AlertRecord, now: Date): SlackMessage {
  const firing = alert.phase === 'firing';
  const id = `alert${alert.id}-i${alert.incident}-r${alert.revision}`;
  const emoji = firing ? SEVERITY_EMOJI[alert.severity] : '✅';
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      block_id: `${id}-head`,
      text: { type: 'plain_text', text: fitPlainText(`${emoji} ${alertName(alert)}`, LIMITS.headerText), emoji: true },
    },
    { type: 'section', block_id: `${id}-state`, text: { type: 'mrkdwn', text: stateLine(alert, now) } },
  ];
  const details = alert.details;
  if (details.kind === 'metric') blocks.push(...metricBlocks(details, id));
  else blocks.push(...alertmanagerBlocks(details, id));
  const people = peopleLine(alert, now);
  if (people) blocks.push({ type: 'context', block_id: `${id}-people`, elements: [{ type: 'mrkdwn', text: people }] });
  if (firing) blocks.push({ type: 'actions', block_id: `${id}-actions`, elements: buttons(alert) });
  return { text: fallbackText(alert), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

function stateLine(alert: AlertRecord, now: Date): string {
  const severity = `severity *${alert.severity}*`;
  const since = alert.firedAt === null ? '' : ` since ${slackDate(new Date(alert.firedAt))}`;
  if (alert.phase === 'firing') {
    const reopened =
      alert.reopenCount > 0
        ? ` · 🔁 fired again ${alert.reopenCount}× after resolving (flapping: messages are kept in this thread)`
        : '';
    return `🚨 *Firing*${since} · ${severity}${reopened}`;
  }
  const resolvedAt = alert.resolvedAt === null ? now : new Date(alert.resolvedAt);
  const lasted = alert.firedAt === null ? '' : ` after ${formatElapsed(resolvedAt.getTime() - alert.firedAt)}`;
  const note = alert.details.note ? `\n${literalMrkdwn(alert.details.note, 1000)}` : '';
  return `✅ *Resolved*${lasted} (${slackDate(resolvedAt)}) · ${severity}${note}`;
}

function metricBlocks(details: MetricAlertDetails, id: string): KnownBlock[] {
  const subject = details.subject
    ? ` · ${details.subject.by === 'input' ? 'input' : 'event type'} ${inlineCode(details.subject.name)}`
    : '';
  const blocks: KnownBlock[] = [];
  if (details.description) {
    blocks.push({
      type: 'section',
      block_id: `${id}-about`,
      text: { type: 'mrkdwn', text: truncateMrkdwn(literalMrkdwn(details.description, 2000), LIMITS.sectionText) },
    });
  }
  blocks.push({
    type: 'section',
    block_id: `${id}-value`,
    fields: [
      { type: 'mrkdwn', text: `*Value*\n${literalMrkdwn(formatAlertValue(details), 200)}` },
      { type: 'mrkdwn', text: `*Condition*\n${literalMrkdwn(details.condition, 500)}` },
      { type: 'mrkdwn', text: truncateMrkdwn(`*Metric*\n${inlineCode(details.metric)}${subject}`, LIMITS.fieldText) },
    ],
  });
  const values = details.trend.map(([value]) => value);
  const present = values.filter((value): value is number => value !== null);
  if (values.length > 0) {
    const range =
      present.length > 0
        ? ` · min ${formatMetricNumber(
            present.reduce((a, b) => Math.min(a, b)),
            3,
          )} · max ${formatMetricNumber(
            present.reduce((a, b) => Math.max(a, b)),
            3,
          )}`
        : ' · no data';
    blocks.push({
      type: 'context',
      block_id: `${id}-trend`,
      elements: [{ type: 'mrkdwn', text: `Last ${values.length} min: \`${sparkline(values)}\`${range}` }],
    });
  }
  const links = linkLine(details.links);
  if (links) blocks.push({ type: 'context', block_id: `${id}-links`, elements: [{ type: 'mrkdwn', text: links }] });
  return blocks;
}

function alertmanagerBlocks(details: AlertmanagerAlertDetails, id: string): KnownBlock[] {
  const firing = details.members.filter((member) => member.status === 'firing');
  // The whole group as received: a large one stores only some of its alerts and counts the rest.
  const total = groupAlertCounts(details);
  const counts = `*${total.firing}* firing${total.resolved > 0 ? `, ${total.resolved} resolved` : ''}${
    details.truncatedAlerts > 0 ? `, ${details.truncatedAlerts} more not sent by Alertmanager` : ''
  } · receiver ${inlineCode(details.receiver)}`;
  const description = details.commonAnnotations.description;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: `${id}-about`,
      text: {
        type: 'mrkdwn',
        text: truncateMrkdwn(
          `${counts}${description ? `\n${literalMrkdwn(description, 2000)}` : ''}`,
          LIMITS.sectionText,
        ),
      },
    },
  ];
  const shown = [...firing, ...details.members.filter((member) => member.status !== 'firing')].slice(
    0,
    MAX_MEMBERS_SHOWN,
  );
  blocks.push({
    type: 'section',
    block_id: `${id}-alerts`,
    text: {
      type: 'mrkdwn',
      text: packLines(
        shown.map((member) => memberLine(member, details)),
        LIMITS.sectionText,
        (listed) => {
          const hidden = total.firing + total.resolved - listed;
          // Firing alerts are listed first, so the firing ones left out are the firing ones past the listed.
          const hiddenFiring = total.firing - Math.min(listed, firing.length);
          return hidden > 0 ? `… and ${hidden} more${hiddenFiring > 0 ? ` (${hiddenFiring} firing)` : ''}` : '';
        },
      ),
    },
  });
  const links: AlertLink[] = [];
  const runbook = details.commonAnnotations.runbook_url;
  if (runbook && isHttpUrl(runbook)) links.push({ title: 'Runbook', url: runbook });
  if (isHttpUrl(details.externalUrl)) links.push({ title: 'Alertmanager', url: `${details.externalUrl}/#/alerts` });
  const line = linkLine(links);
  if (line) blocks.push({ type: 'context', block_id: `${id}-links`, elements: [{ type: 'mrkdwn', text: line }] });
  return blocks;
}

function memberLine(member: AlertmanagerMember, group: AlertmanagerAlertDetails): string {
  const mark = member.status === 'firing' ? '🔴' : '✅';
  const summary = member.annotations.summary ?? member.labels.alertname ?? member.fingerprint;
  // Labels the whole group shares are in the header already; show what tells this alert apart.
  const own = Object.entries(member.labels)
    .filter(([name, value]) => group.commonLabels[name] !== value)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const since = Date.parse(member.startsAt);
  // A link is shown whole or not at all: a cut one would swallow the rest of the text.
  const source =
    isHttpUrl(member.generatorUrl) && member.generatorUrl.length <= 500
      ? ` ${slackLink(member.generatorUrl, 'source')}`
      : '';
  return `${mark} ${literalMrkdwn(summary, 200)}${own ? ` ${inlineCode(own, 120)}` : ''}${
    Number.isNaN(since) ? '' : ` since ${slackDate(new Date(since))}`
  }${source}`;
}

function peopleLine(alert: AlertRecord, now: Date): string {
  const parts: string[] = [];
  if (alert.ackedBy) {
    parts.push(`👀 Acknowledged by ${mention(alert.ackedBy)}${alert.ackedAt ? ` ${slackDate(alert.ackedAt)}` : ''}`);
  }
  if (isSnoozed(alert, now) && alert.snoozedUntil) {
    parts.push(`💤 Snoozed by ${mention(alert.snoozedBy ?? 'system')} until ${slackDate(alert.snoozedUntil)}`);
  }
  if (alert.source === 'alertmanager' && alert.silenceIds.length > 0) {
    parts.push(`🔕 Silenced in Alertmanager (${alert.silenceIds.map((s) => inlineCode(s, 40)).join(', ')})`);
  }
  return parts.join(' · ');
}

function buttons(alert: AlertRecord): Button[] {
  const value = `${alert.id}:${alert.incident}`;
  const button = (text: string, actionId: string, style?: 'primary' | 'danger'): Button => ({
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  });
  const out: Button[] = [];
  if (!alert.ackedBy) out.push(button('Acknowledge', alertActions.acknowledge, 'primary'));
  out.push(button('Snooze 1h', alertActions.snooze1h), button('Snooze 4h', alertActions.snooze4h));
  if (alert.details.kind === 'metric' && alert.details.remedy?.kind === 'pause_input') {
    out.push(button('Pause input', alertActions.pauseInput, 'danger'));
  }
  if (alert.details.kind === 'metric' && alert.details.remedy?.kind === 'show_consolidation') {
    out.push(button('Show query', alertActions.showQuery));
  }
  return out;
}

function fallbackText(alert: AlertRecord): string {
  const state = alert.phase === 'firing' ? alert.severity.toUpperCase() : 'RESOLVED';
  const value =
    alert.details.kind === 'metric'
      ? `: ${literalMrkdwn(formatAlertValue(alert.details), 200)} (${literalMrkdwn(alert.details.condition, 500)})`
      : `: ${groupAlertCounts(alert.details).firing} firing`;
  // The fallback text is mrkdwn and is what notifies: an alert titled `<!channel>` must not ping the channel.
  return truncateMrkdwn(`[${state}] ${literalMrkdwn(alertName(alert), 1000)}${value}`, LIMITS.messageText);
}

/** The thread reply for a queued event, or null when there is nothing to say. */
export function buildAlertReply(alert: AlertRecord, reply: AlertReply): string | null {
  const name = `*${literalMrkdwn(alertName(alert), 500)}*`;
  switch (reply.kind) {
    case 'resolved': {
      const lasted =
        alert.firedAt !== null && alert.resolvedAt !== null
          ? ` after ${formatElapsed(alert.resolvedAt - alert.firedAt)}`
          : '';
      const value =
        alert.details.kind === 'metric' ? `; now ${literalMrkdwn(formatAlertValue(alert.details), 200)}` : '';
      const note = alert.details.note ? ` ${literalMrkdwn(alert.details.note, 1000)}` : '';
      return `✅ Resolved${lasted}: ${name}${value}.${note}`;
    }
    case 'reopened': {
      const value = alert.details.kind === 'metric' ? ` (${literalMrkdwn(formatAlertValue(alert.details), 200)})` : '';
      return `🔁 Firing again: ${name}${value}. It has fired ${alert.reopenCount + 1}× in this incident.`;
    }
    case 'remedy': {
      const changeId = typeof reply.payload.changeId === 'number' ? reply.payload.changeId : '?';
      const remedy = alert.details.kind === 'metric' ? alert.details.remedy : undefined;
      const input = remedy?.kind === 'pause_input' ? remedy.input : undefined;
      return `🛠️ ${mention(reply.actor ?? 'system')} proposed change request #${changeId}${
        input ? ` (pause input ${inlineCode(input)})` : ''
      }; it needs the approval of someone else.`;
    }
  }
}

function linkLine(links: readonly AlertLink[]): string {
  return links
    .filter((link) => isHttpUrl(link.url))
    .map((link) => slackLink(link.url, truncate(link.title, 100)))
    .join(' · ');
}

/** As many whole lines as fit in `max`, then what `more` says of the rest (given how many lines were kept). */
function packLines(lines: readonly string[], max: number, more: (kept: number) => string): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    // Room is left for the `more` line (`… and 123456 more (123456 firing)`).
    if (used + line.length + 1 > max - 60) break;
    kept.push(line);
    used += line.length + 1;
  }
  const rest = more(kept.length);
  if (rest) kept.push(rest);
  return kept.join('\n');
}

/** 12 min, 3 h 5 min, 2 d 4 h. */
export function formatElapsed(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
