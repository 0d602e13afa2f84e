import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { REDACTED } from '../../credentials/placeholder.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import { SecretNameSchema } from '../../secrets/secret-name.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ResourceRef } from '../change-kind.js';

/**
 * Secrets (alooma-api.md §6). The pipeline lists names and never values, so a secret as a resource is its name;
 * absent = null. `secret.set` is sealed: the value travels with the proposal, encrypted until the apply
 * (ChangeService), and reaches only `write`. Verification can only see the name listed.
 */

/** A secret the pipeline lists. The value is never known to pipeops outside a sealed write. */
export interface Secret {
  name: string;
}

const params = z.object({ name: SecretNameSchema });
type Params = z.infer<typeof params>;

const ref = (name: string): ResourceRef => ({ type: 'secret', id: name, label: name });

async function loadSecret(pipeline: PipelineProvider, name: string): Promise<Secret | null> {
  return (await pipeline.listSecrets()).includes(name) ? { name } : null;
}

/** What reviewers see: the name, and that there is a value they cannot see. */
function snapshot(secret: Secret | null) {
  return secret === null ? null : { name: secret.name, value: REDACTED };
}

/** `+ NAME (new)` or `~ NAME (value replaced)`: the line a card shows for a secret being set. */
export function secretSetLine(name: string, exists: boolean): string {
  return exists ? `~ ${name} (value replaced)` : `+ ${name} (new)`;
}

export const secretSetKind: ChangeKind<Secret | null, Params> = {
  name: 'secret.set',
  params,
  sealed: true,
  revert: { impossible: 'The value it replaced was never known to pipeops: set the old one again with `secret set`.' },
  async locate(pipeline, { name }) {
    return { ref: ref(name), resource: await loadSecret(pipeline, name) };
  },
  load: (pipeline, { id }) => loadSecret(pipeline, id),
  snapshot,
  change: (_secret, { name }) => ({ name }),
  title: ({ label }) => `Set secret ${label}`,
  async write(pipeline, { id }, _before, _after, context) {
    if (context?.sealed == null) {
      throw new UserError(
        'sealed_value_missing',
        `The value for secret ${id} is not available any more (it is erased when its request closes). Propose it again with secret set.`,
      );
    }
    await pipeline.setSecrets({ [id]: context.sealed });
  },
  async preview(_pipeline, { ref: { label }, before }) {
    const exists = before !== null;
    return {
      title: 'Secret',
      summary: secretSetLine(label, exists),
      items: [
        {
          label: exists ? 'Replaces the current value' : 'A new secret',
          lines: [
            'The value was typed in a private dialog and waits encrypted; nobody reviewing this card can see it.',
          ],
        },
      ],
    };
  },
};

export const secretDeleteKind: ChangeKind<Secret | null, Params> = {
  name: 'secret.delete',
  params,
  destructive: true,
  revert: { impossible: 'The deleted value is gone (pipeops never knew it): set it again with `secret set`.' },
  async locate(pipeline, { name }) {
    const names = await pipeline.listSecrets();
    if (!names.includes(name)) throw new UserError('secret_not_found', noSecretText(name, names));
    return { ref: ref(name), resource: { name } };
  },
  load: (pipeline, { id }) => loadSecret(pipeline, id),
  snapshot,
  change: () => null,
  title: ({ label }) => `Delete secret ${label}`,
  async write(pipeline, { id }) {
    await pipeline.deleteSecret(id);
  },
  async preview(_pipeline, { ref: { label } }) {
    return {
      title: 'Secret',
      summary: `- ${label} (deleted)`,
      items: [
        {
          label: 'Cannot be undone from pipeops',
          lines: ['The value is lost: transforms that read this secret fail until it is set again.'],
        },
      ],
    };
  },
};

/** "No secret named X", with the closest name when one is near, and the names that exist. */
export function noSecretText(name: string, names: readonly string[]): string {
  const near = names.length > 0 ? closest(name, [...names]) : undefined;
  const close = near !== undefined && distance(name.toLowerCase(), near.toLowerCase()) <= Math.max(2, name.length / 3);
  const suggestion = close ? ` Did you mean \`${near}\`?` : '';
  const shown = names.slice(0, 15).join(', ');
  const more = names.length > 15 ? `, … (${names.length} in all)` : '';
  return `No secret named \`${name}\`.${suggestion} Secrets: ${shown || '(none)'}${more}.`;
}
