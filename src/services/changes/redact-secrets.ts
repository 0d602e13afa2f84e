import { maskCredentials } from '../credentials/mask-credentials.js';
import { REDACTED } from '../credentials/placeholder.js';
import type { JsonValue } from '../json-value.js';

export { REDACTED };

/**
 * A copy of `value` with every credential masked — by key (`password`, `dbPass`, `x-api-key`, `{name, value}`
 * pairs named `Authorization`) and by value (URL userinfo, PEM blocks, JWTs, JSON inside strings). Snapshots,
 * diffs and stored params go through it, so credentials never reach a diff, the database or Slack.
 * See src/services/credentials/.
 */
export function redactSecrets(value: JsonValue): JsonValue {
  return maskCredentials(value);
}
