/** What a masked credential shows instead of its value, in snapshots, diffs, cards and stored rows. */
export const REDACTED = '••••••';

/** The placeholder, alone or with a short note about the hidden value (`•••••• (new value, sealed)`). */
const MASKED_VALUE = /^••••••(?: \([^()\n]{1,60}\))?$/;

/**
 * True for a value that already is a mask: masking it again must keep it, so that masking is idempotent and a
 * kind's note on a hidden value (a sealed credential being set) survives the masking every snapshot goes through.
 */
export function isMaskedValue(value: string): boolean {
  return MASKED_VALUE.test(value);
}
