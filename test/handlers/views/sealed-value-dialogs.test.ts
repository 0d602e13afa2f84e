import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { credentialModal, encodeCredentialContext } from '../../../src/handlers/views/credential-modal.js';
import type { OneInputModal } from '../../../src/handlers/views/one-input-submission.js';
import { encodeSecretDialogContext, secretModal } from '../../../src/handlers/views/secret-value-modal.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { sendViewSubmission } from '../../support/slack-http.js';
import { useSlackHttpWorld } from '../../support/slack-http-world.js';

const ALICE = 'UALICE';
const CHANNEL = 'C0OPS';

/**
 * The two sealed-value dialogs (a credential of an input, a secret) share one submission handler: what each refuses
 * under the input, a lost context, and a proposal failing after the dialog closed; the value is never repeated.
 */
describeEachBackend('sealed-value dialog submissions over signed HTTP', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  const canary = () => `sealed-canary-${randomBytes(4).toString('hex')}`;

  /** Submits `modal` as Slack would, with `value` typed in its one input. */
  const submitTo = (modal: OneInputModal) => (metadata: string, value: string | null) =>
    sendViewSubmission(env().url, {
      user: ALICE,
      callbackId: modal.callbackId,
      privateMetadata: metadata,
      values: { [modal.inputBlockId]: { [modal.inputActionId]: value } },
    });
  const submitCredential = submitTo(credentialModal);
  const submitSecret = submitTo(secretModal);

  /** Everything Slack received and the bot logged, and what is pending: where a value must never appear. */
  const everywhere = async () =>
    JSON.stringify([
      env().slack.calls,
      env().slack.responses,
      env().logText(),
      await env().world.services.changes.listPending(),
    ]);

  it.each([
    ['not JSON', 'not json'],
    ['another dialog’s context', encodeSecretDialogContext({ channelId: CHANNEL, name: 'API_TOKEN' })],
  ])(
    'a credential dialog whose context is %s is answered under the input; nothing is proposed',
    async (_what, metadata) => {
      const value = canary();
      const response = await submitCredential(metadata, value);
      expect(await response.json()).toEqual({
        response_action: 'errors',
        errors: { [credentialModal.inputBlockId]: 'This dialog lost its context: close it and run the command again.' },
      });
      expect(await env().world.services.changes.listPending()).toEqual([]);
      expect(env().logText()).toContain('malformed dialog submission');
      expect(await everywhere()).not.toContain(value);
    },
  );

  it('a blank credential is refused under the input', async () => {
    const metadata = encodeCredentialContext({ channelId: CHANNEL, input: 'production_database', path: 'password' });
    const response = await submitCredential(metadata, '   ');
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { [credentialModal.inputBlockId]: 'Enter the new value.' },
    });
    expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
  });

  it('a credential whose proposal fails after the dialog closed is told privately, without the value', async () => {
    // This world has no PIPEOPS_SECRETS_KEY, so the sealed proposal itself is refused.
    const value = canary();
    const metadata = encodeCredentialContext({ channelId: CHANNEL, input: 'production_database', path: 'password' });
    const response = await submitCredential(metadata, value);
    expect(response.status).toBe(200);
    expect((await response.text()).trim()).toBe('');
    const told = env().slack.callsOf('chat.postEphemeral').at(-1)?.body;
    expect(told).toMatchObject({ channel: CHANNEL, user: ALICE });
    expect(String(told?.text)).toContain('Secrets cannot be set: PIPEOPS_SECRETS_KEY is not configured');
    expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
    expect(await everywhere()).not.toContain(value);
  });

  it('a secret dialog that lost its context names the command to run again', async () => {
    const response = await submitSecret('{"c":"C0OPS"}', canary());
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: {
        [secretModal.inputBlockId]: 'This dialog lost its context. Close it and run /pipeline secret set again.',
      },
    });
  });

  it.each([
    ['empty', '', 'Type the value (it cannot be empty).'],
    [
      'too long',
      'x'.repeat(secretModal.maxLength + 1),
      `The value is longer than ${secretModal.maxLength} characters.`,
    ],
  ])('a secret value that is %s is refused under the input without quoting it', async (_what, value, message) => {
    const response = await submitSecret(encodeSecretDialogContext({ channelId: CHANNEL, name: 'API_TOKEN' }), value);
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { [secretModal.inputBlockId]: message },
    });
    expect(env().slack.callsOf('chat.postMessage')).toEqual([]);
  });

  it('a secret whose proposal fails after the dialog closed is told privately, with the command to type it again', async () => {
    // This world has no PIPEOPS_SECRETS_KEY, so the sealed proposal itself is refused.
    const value = canary();
    const response = await submitSecret(encodeSecretDialogContext({ channelId: CHANNEL, name: 'API_TOKEN' }), value);
    expect(response.status).toBe(200);
    const told = String(env().slack.callsOf('chat.postEphemeral').at(-1)?.body.text);
    expect(told).toContain('Nothing was proposed; run `/pipeline secret set API_TOKEN` to type the value again.');
    expect(await everywhere()).not.toContain(value);
  });
});
