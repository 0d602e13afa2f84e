import { expect } from 'vitest';
import { type FakeSlack, sendButtonClick, sendViewSubmission } from './slack-http.js';

/**
 * Reject as a person does: press Reject on the card, then submit the dialog Slack opened (views.open), with a reason
 * or empty. Returns the submission's answer (empty on success, `response_action: errors` on a refusal).
 */
export async function rejectThroughDialog(
  url: string,
  slack: FakeSlack,
  reject: { user: string; id: string | number; reason?: string },
): Promise<Record<string, unknown>> {
  const opened = slack.callsOf('views.open').length;
  await sendButtonClick(url, { user: reject.user, actionId: 'change_reject', value: String(reject.id) });
  const dialog = slack.callsOf('views.open').slice(opened).at(-1);
  expect(dialog, 'Reject opened no dialog').toBeDefined();
  const view = dialog?.body.view as { callback_id: string; private_metadata: string };
  const response = await sendViewSubmission(url, {
    user: reject.user,
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    values: { reject_reason: { reason: reject.reason ?? null } },
  });
  const text = await response.text();
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}
