import type { RevertDeclaration } from './change-kind.js';

/**
 * The restore kinds, one per resource family (kinds/restore-kinds.ts): each writes a stored snapshot back. Kept apart
 * from the kinds themselves so that every kind file can name its restore kind without importing it.
 */
export const restoreKindNames = {
  input: 'restore.input',
  mapping: 'restore.mapping',
  consolidation: 'restore.consolidation',
  defaultMode: 'restore.default-mode',
} as const;

/** The revert declarations kinds use: by the family's restore kind. */
export const revertBy = {
  input: { restoreKind: restoreKindNames.input },
  mapping: { restoreKind: restoreKindNames.mapping },
  consolidation: { restoreKind: restoreKindNames.consolidation },
  defaultMode: { restoreKind: restoreKindNames.defaultMode },
} as const satisfies Record<string, RevertDeclaration>;
