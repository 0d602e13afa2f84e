import type { AnyChangeKind } from './change-kind.js';
import { changeKinds } from './change-kinds.js';
import type { ChangeRequest } from './change-request.js';
import { type RestoreParams, RestoreParamsSchema } from './kinds/restore-kinds.js';

/** Whether an applied request can be reverted, and by which restore kind; else why not, in a sentence. */
export type Revertibility = { revertible: true; restoreKind: string } | { revertible: false; why: string };

/**
 * What the card and `/pipeline revert` decide on: only an applied request whose kind declares a restore kind, that
 * neither created its resource (nothing to go back to) nor removed it, can be reverted.
 */
export function revertibility(
  request: Pick<ChangeRequest, 'id' | 'kind' | 'status' | 'before' | 'after' | 'resource'>,
  kinds: ReadonlyMap<string, AnyChangeKind> = changeKinds,
): Revertibility {
  if (request.status !== 'applied') {
    return {
      revertible: false,
      why: `#${request.id} is ${request.status}: only an applied change can be reverted (nothing of it is in the pipeline to undo).`,
    };
  }
  const declared = kinds.get(request.kind)?.revert;
  if (!declared) return { revertible: false, why: `${request.kind} changes do not say how they are undone.` };
  if ('impossible' in declared) return { revertible: false, why: declared.impossible };
  if (request.before === null) {
    return { revertible: false, why: `#${request.id} created ${request.resource.label}: there is no earlier state.` };
  }
  if (request.after === null) {
    return { revertible: false, why: `#${request.id} removed ${request.resource.label}: it cannot be written back.` };
  }
  return { revertible: true, restoreKind: declared.restoreKind };
}

/** What a revert request undoes (its restore params), or null for any other request. */
export function revertOrigin(
  request: Pick<ChangeRequest, 'kind' | 'params'>,
  kinds: ReadonlyMap<string, AnyChangeKind> = changeKinds,
): RestoreParams | null {
  const declared = kinds.get(request.kind)?.revert;
  if (!declared || !('restoreKind' in declared) || declared.restoreKind !== request.kind) return null;
  const parsed = RestoreParamsSchema.safeParse(request.params);
  return parsed.success ? parsed.data : null;
}
