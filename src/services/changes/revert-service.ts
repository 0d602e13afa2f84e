import type { JsonValue } from '../json-value.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { UserError } from '../user-error.js';
import type { AnyChangeKind } from './change-kind.js';
import { changeKinds } from './change-kinds.js';
import type { ChangeRequest } from './change-request.js';
import type { ChangeService } from './change-service.js';
import { diffJson } from './json-changes.js';
import type { RestoreParams } from './kinds/restore-kinds.js';
import { revertibility } from './revert-plan.js';

/** A revert as a proposal: the restore kind and its params, for ChangeService.propose. */
export interface RevertProposal {
  kind: string;
  params: RestoreParams;
}

/**
 * One-click revert: an applied request is undone by a NEW request, planned from the resource as it is now back to
 * the request's stored `before` (through the resource family's restore kind), with the usual dry run and approval.
 * When the resource moved on since the apply, the params say which paths did: the card warns it is no pure undo.
 */
export class RevertService {
  readonly #changes: ChangeService;
  readonly #pipeline: PipelineProvider;
  readonly #kinds: ReadonlyMap<string, AnyChangeKind>;

  constructor(options: {
    changes: ChangeService;
    pipeline: PipelineProvider;
    kinds?: ReadonlyMap<string, AnyChangeKind>;
  }) {
    this.#changes = options.changes;
    this.#pipeline = options.pipeline;
    this.#kinds = options.kinds ?? changeKinds;
  }

  /** The restore proposal that reverts request `id`; a UserError saying why when it cannot be reverted. */
  async plan(id: number): Promise<RevertProposal> {
    const request = await this.#changes.get(id);
    if (!request) throw new UserError('not_found', `Change request #${id} does not exist.`);
    const verdict = revertibility(request, this.#kinds);
    if (!verdict.revertible) throw new UserError('not_revertible', `#${id} cannot be reverted. ${verdict.why}`);
    const kind = this.#kinds.get(request.kind) as AnyChangeKind;
    const current = await kind.load(this.#pipeline, request.resource);
    if (current === null) {
      throw new UserError('revert_gone', `${request.resource.label} no longer exists: #${id} cannot be reverted.`);
    }
    return {
      kind: verdict.restoreKind,
      params: {
        resource: request.resource,
        to: request.before as JsonValue,
        revertOf: request.id,
        what: request.title.slice(0, 500),
        movedSince: movedSince(request, kind.snapshot(current)),
      },
    };
  }

  /** Plans the revert of `id` and proposes it as `userId` (who must be allowed to propose). */
  async propose(id: number, userId: string): Promise<ChangeRequest> {
    const proposal = await this.plan(id);
    return this.#changes.propose(proposal.kind, proposal.params, userId);
  }
}

/** The paths where the resource now differs from what the request left (in the request's own snapshot). */
function movedSince(request: ChangeRequest, now: JsonValue): string[] {
  return diffJson(request.after, now).map((change) => change.path);
}
