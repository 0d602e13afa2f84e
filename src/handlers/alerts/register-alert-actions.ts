import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AlertActionOutcome } from '../../services/alerts/alert-service.js';
import { buildConsolidationMessage } from '../blocks/consolidation-blocks.js';
import { buildNotice } from '../blocks/help-blocks.js';
import { mention } from '../blocks/mrkdwn.js';
import { postChangeCard } from '../change-card.js';
import { describeError } from '../describe-error.js';
import type { HandlerDeps } from '../handler-deps.js';
import { alertActions, SNOOZE_MS } from './alert-blocks.js';
import { alertNotifierFor } from './alert-notifier.js';

const ButtonPayload = z.object({
  user: z.object({ id: z.string().min(1) }),
  actions: z
    .array(
      z.object({
        action_id: z.enum([
          alertActions.acknowledge,
          alertActions.snooze1h,
          alertActions.snooze4h,
          alertActions.pauseInput,
          alertActions.showQuery,
        ]),
        value: z.string().regex(/^\d{1,10}:\d{1,10}$/, 'button value must be <alert id>:<incident>'),
      }),
    )
    .length(1),
});

const actionPattern = new RegExp(`^(${Object.values(alertActions).join('|')})$`);

/**
 * Acknowledge / Snooze 1h / Snooze 4h / Pause input on an alert message. The service decides and records
 * (for Alertmanager alerts it creates the silence); the message is then redrawn from the stored state.
 * "Pause input" never touches the pipeline: it proposes the change through the normal workflow and posts its card.
 */
export function registerAlertActions(app: App, deps: HandlerDeps): void {
  app.action(actionPattern, async ({ ack, body, client, respond }) => {
    await ack();
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const parsed = ButtonPayload.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues }, 'malformed alert button payload');
      await tell('⚠️ That button is malformed.');
      return;
    }
    const userId = parsed.data.user.id;
    const [action] = parsed.data.actions;
    if (!action) return;
    const [id, incident] = action.value.split(':').map(Number) as [number, number];
    const logger = deps.logger.child({ action: action.action_id, alertId: id, user: userId });
    const { alerts, changes } = deps.services;
    const notifier = alertNotifierFor(alerts, deps.logger);
    try {
      if (action.action_id === alertActions.showQuery) {
        // Read-only: the failing query, privately, to whoever clicked. The alert as stored names the event type.
        const alert = await alerts.get(id);
        const remedy = alert?.details.kind === 'metric' ? alert.details.remedy : undefined;
        if (remedy?.kind !== 'show_consolidation') {
          await tell('ℹ️ This alert has no consolidation query to show.');
          return;
        }
        const query = await deps.services.consolidations.show(remedy.eventType);
        await respond({ response_type: 'ephemeral', replace_original: false, ...buildConsolidationMessage(query) });
        return;
      }
      if (action.action_id === alertActions.pauseInput) {
        const { alert, input } = await alerts.pauseInputTarget(id, incident);
        const request = await changes.propose('input.pause', { input }, userId);
        await postChangeCard(client, changes, alert.message?.channelId ?? alert.channelId, request, logger);
        await alerts.recordRemedyProposed(alert, userId, request.id);
        logger.info({ changeId: request.id }, 'alert remedy proposed');
      } else {
        const outcome =
          action.action_id === alertActions.acknowledge
            ? await alerts.acknowledge(id, incident, userId)
            : await alerts.snooze(id, incident, userId, SNOOZE_MS[action.action_id] ?? 60 * 60_000);
        if (outcome.type === 'refused') {
          logger.info({ reason: outcome.reason }, 'alert action refused');
          await tell(refusalText(outcome));
          return;
        }
        logger.info({ silenceId: outcome.silenceId }, 'alert action recorded');
      }
      await notifier.syncOne(client, id);
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...buildNotice(describeError(error, logger, {})),
      });
    }
  });
}

function refusalText(outcome: Extract<AlertActionOutcome, { type: 'refused' }>): string {
  switch (outcome.reason) {
    case 'not_found':
      return 'ℹ️ This alert no longer exists.';
    case 'earlier_incident':
      return 'ℹ️ This message is about an earlier incident of this alert; use its newest message.';
    case 'not_firing':
      return 'ℹ️ This alert is not firing any more.';
    case 'already_acknowledged':
      return `ℹ️ Already acknowledged by ${mention(outcome.alert?.ackedBy ?? 'system')}.`;
  }
}
