/** What a masked credential shows instead of its value, in snapshots, diffs, cards and stored rows. */
export const REDACTED = '••••••';
