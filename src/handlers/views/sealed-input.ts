/**
 * Slack has no masked text input: a secret is typed into a plain_text_input that shows what is typed. Inputs whose
 * action_id starts with this prefix carry a value pipeops seals (encrypts until applied); the local console reads
 * them without echo and never prints them back.
 */
export const SEALED_ACTION_PREFIX = 'sealed_';

export function isSealedActionId(actionId: string): boolean {
  return actionId.startsWith(SEALED_ACTION_PREFIX);
}
