import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What the sandbox keeps of secrets and of sample statuses (sandbox-secrets.ts, sandbox-samples.ts).
 *
 * Secrets: name → SHA-256 of the value. The sandbox is a stand-in pipeline whose state file sits next to pipeops'
 * data: it keeps a digest, never the value, so that a test can check what was written (`secretHasValue`) and a
 * leak check can read the state file too. Values are write-only in the contract anyway (`GET secrets` = names).
 */
export const SandboxSecretsSchema = z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }));
export type SandboxSecrets = z.infer<typeof SandboxSecretsSchema>;

/**
 * Sample statuses: a sample's `_metadata.@uuid` → its status code (a code of `GET status-types`). A sample not
 * listed (or without a uuid) is `VALID`; keyed by uuid so that replacing an event type's samples keeps them right.
 */
export const SandboxSampleStatusesSchema = z.record(z.string(), z.string().min(1));
export type SandboxSampleStatuses = z.infer<typeof SandboxSampleStatusesSchema>;

export function secretDigest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** managealooma's documented example secrets (MA secrets.py:14: `{"my_user": "example", "my_password": "12345678"}`). */
export function createSecretsSeed(): SandboxSecrets {
  return { my_password: { sha256: secretDigest('12345678') }, my_user: { sha256: secretDigest('example') } };
}

/** Seeded samples that did not load (uuids of sandbox-transform-seed.ts), so `sample stats` has more than VALID. */
export function createSampleStatusesSeed(): SandboxSampleStatuses {
  return {
    // PUBLIC.ORDERS' third sample has no createdAt: the getting-started transform raises on it.
    '3c3c3c-4d4d-5e5e-6f6f-7a7a7a7a7a': 'TRANSFORM_ERROR',
    // mixpanel_engage_one's second sample has a null $email, which its mapping does not allow.
    'mx2mx2-1a1a-2b2b-3c3c-4d4d4d4d4d': 'MAPPING_ERROR',
  };
}
