import type { AccessPolicy } from '../access/access-policy.js';
import { appendAudit, type NewAuditEntry } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Database, Queryable } from '../db/database.js';
import { type JsonValue, jsonEqual, toJsonValue } from '../json-value.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { type ServiceLogger, silentLogger } from '../service-logger.js';
import { UserError } from '../user-error.js';
import type { AnyChangeKind, ChangePreview, ResourceRef } from './change-kind.js';
import { changeKinds } from './change-kinds.js';
import type { ChangeRequest, ChangeStatus, MessageRef } from './change-request.js';
import {
  attachMessage,
  expirePendingBefore,
  getChangeRequest,
  insertChangeRequest,
  listInterrupted,
  listPending,
  type Transition,
  transitionChangeRequest,
} from './change-store.js';
import { diffJson, valueAtPath } from './json-changes.js';
import { unifiedJsonDiff } from './unified-diff.js';

export type RefusalReason =
  | 'not_found'
  | 'self_approval'
  | 'not_allowed'
  | 'not_pending'
  | 'expired'
  | 'not_requester'
  | 'requester_rejects';

/** The answer to a click: refused (and why), or the request in the state the click moved it to. */
export type DecisionOutcome =
  | {
      type: 'refused';
      reason: RefusalReason;
      message: string;
      request: ChangeRequest | null;
      /** Set when this very call closed the request (it had expired): its card needs redrawing. */
      settled?: ChangeRequest;
    }
  | { type: 'decided'; request: ChangeRequest };

export interface ApproveHooks {
  /** Called once the request is `applying`, before the pipeline is written (e.g. to show "Applying…"). */
  onApplying?: (request: ChangeRequest) => Promise<void>;
}

export interface ChangeServiceOptions {
  db: Database;
  pipeline: PipelineProvider;
  policy: AccessPolicy;
  clock: Clock;
  /** How long a request waits for approval. */
  ttlMs: number;
  kinds?: ReadonlyMap<string, AnyChangeKind>;
  logger?: ServiceLogger;
}

const statusWords: Record<ChangeStatus, string> = {
  pending: 'waiting for approval',
  approved: 'already approved and about to be applied',
  applying: 'already being applied',
  applied: 'already applied',
  failed: 'closed: it failed',
  stale: 'closed: its plan went stale',
  rejected: 'already rejected',
  cancelled: 'already cancelled',
  expired: 'expired',
};

function errorText(error: unknown): string {
  if (error instanceof PipelineError || error instanceof UserError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${text.slice(0, 500)}`;
}

/**
 * The change workflow: propose (dry run: read, plan, diff, store) → a second person approves → re-read
 * (refuse if stale) → apply → verify → record. Every state change is a conditional UPDATE plus its audit
 * entry, in one transaction.
 */
export class ChangeService {
  readonly #db: Database;
  readonly #pipeline: PipelineProvider;
  readonly #policy: AccessPolicy;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #kinds: ReadonlyMap<string, AnyChangeKind>;
  readonly #log: ServiceLogger;

  constructor(options: ChangeServiceOptions) {
    this.#db = options.db;
    this.#pipeline = options.pipeline;
    this.#policy = options.policy;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#kinds = options.kinds ?? changeKinds;
    this.#log = options.logger ?? silentLogger;
  }

  /** Reads the resource, plans the change and stores it as pending. Nothing is written to the pipeline. */
  async propose(
    kindName: string,
    rawParams: unknown,
    requestedBy: string,
    options: { replannedFrom?: number } = {},
  ): Promise<ChangeRequest> {
    await this.#policy.assertCanPropose(requestedBy);
    const kind = this.#kind(kindName);
    const parsed = kind.params.safeParse(rawParams);
    if (!parsed.success)
      throw new UserError('invalid_params', `Invalid ${kindName} parameters: ${parsed.error.message}`);
    const params = parsed.data;
    const { ref, resource } = await kind.locate(this.#pipeline, params);
    const changed = kind.change(resource, params);
    const before = kind.snapshot(resource);
    const after = kind.snapshot(changed);
    if (jsonEqual(before, after)) {
      throw new UserError('no_change', 'That change would not change anything visible; nothing to approve.');
    }
    const diff = unifiedJsonDiff(ref.label, before, after).text;
    const preview = await this.#preview(kind, { ref, before: resource, after: changed });
    const now = this.#clock.now();
    return this.#db.transaction(async (tx) => {
      const request = await insertChangeRequest(tx, {
        kind: kind.name,
        params: toJsonValue(params),
        resource: ref,
        title: kind.title(ref, params),
        before,
        after,
        diff,
        preview,
        requestedBy,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + this.#ttlMs),
        replannedFrom: options.replannedFrom ?? null,
      });
      await this.#audit(tx, request, requestedBy, 'proposed', 'pending', {
        diff,
        detail: preview ? `${preview.title}: ${preview.summary}` : undefined,
      });
      return request;
    });
  }

  get(id: number): Promise<ChangeRequest | null> {
    return getChangeRequest(this.#db, id);
  }

  listPending(limit = 20): Promise<ChangeRequest[]> {
    return listPending(this.#db, limit);
  }

  /** Remembers where the request's card was posted. */
  attachMessage(id: number, message: MessageRef): Promise<void> {
    return attachMessage(this.#db, id, message);
  }

  /**
   * A user pressed Approve. Refused for the requester, for users who may not approve, and for requests that
   * are no longer pending (a double click lands here). Otherwise exactly one caller wins the
   * pending → approved update and goes on to apply; the others are refused.
   */
  async approve(id: number, userId: string, hooks: ApproveHooks = {}): Promise<DecisionOutcome> {
    const request = await this.get(id);
    const early = await this.#checkDecision(request, userId, 'approve');
    if (early) return early;
    const now = this.#clock.now();
    const approved = await this.#transition(
      request as ChangeRequest,
      { from: ['pending'], to: 'approved', now, unexpired: true, decidedBy: userId },
      userId,
      'approved',
    );
    if (!approved) return this.#lostRace(id, userId);
    return { type: 'decided', request: await this.#apply(approved, hooks) };
  }

  /** An approver turns the request down. The requester withdraws with cancel instead. */
  async reject(id: number, userId: string): Promise<DecisionOutcome> {
    const request = await this.get(id);
    const early = await this.#checkDecision(request, userId, 'reject');
    if (early) return early;
    const now = this.#clock.now();
    const rejected = await this.#transition(
      request as ChangeRequest,
      { from: ['pending'], to: 'rejected', now, decidedBy: userId, finished: true },
      userId,
      'rejected',
    );
    return rejected ? { type: 'decided', request: rejected } : this.#lostRace(id, userId);
  }

  /** The requester withdraws the request. */
  async cancel(id: number, userId: string): Promise<DecisionOutcome> {
    const request = await this.get(id);
    if (!request)
      return { type: 'refused', reason: 'not_found', message: `Change request #${id} does not exist.`, request };
    if (request.requestedBy !== userId) {
      return {
        type: 'refused',
        reason: 'not_requester',
        message: 'Only the person who proposed this change can cancel it. To turn it down, press Reject.',
        request,
      };
    }
    if (request.status !== 'pending') return this.#notPending(request);
    const cancelled = await this.#transition(
      request,
      { from: ['pending'], to: 'cancelled', now: this.#clock.now(), decidedBy: userId, finished: true },
      userId,
      'cancelled',
    );
    return cancelled ? { type: 'decided', request: cancelled } : this.#lostRace(id, userId);
  }

  /** Plans the same change again from the pipeline's current state, as a new request by `userId`. */
  async replan(id: number, userId: string): Promise<ChangeRequest> {
    const request = await this.get(id);
    if (!request) throw new UserError('not_found', `Change request #${id} does not exist.`);
    if (request.status === 'pending' || request.status === 'approved' || request.status === 'applying') {
      throw new UserError('not_final', `Change request #${id} is still ${statusWords[request.status]}.`);
    }
    return this.propose(request.kind, request.params, userId, { replannedFrom: request.id });
  }

  /** Expires pending requests past their deadline (run periodically); returns them so their cards can be updated. */
  async expireDue(): Promise<ChangeRequest[]> {
    return this.#db.transaction(async (tx) => {
      const expired = await expirePendingBefore(tx, this.#clock.now());
      for (const request of expired) await this.#audit(tx, request, 'system', 'expired', 'expired', {});
      return expired;
    });
  }

  /**
   * Settles requests whose process stopped between approval and the end of the apply (a crash, a deploy).
   * Only those untouched for `olderThanMs` are taken, so that on PostgreSQL a replica never steals another
   * replica's apply in flight. The pipeline is read to tell applied from not applied.
   */
  async recoverInterrupted(olderThanMs: number): Promise<ChangeRequest[]> {
    const cutoff = new Date(this.#clock.now().getTime() - olderThanMs);
    const settled: ChangeRequest[] = [];
    for (const request of await listInterrupted(this.#db, cutoff)) {
      const kind = this.#kind(request.kind);
      let verdict: { to: ChangeStatus; error?: string };
      try {
        const current = await kind.load(this.#pipeline, request.resource);
        const mismatch =
          current === null ? 'the resource no longer exists' : this.#verify(request, kind.snapshot(current));
        verdict = mismatch
          ? {
              to: 'failed',
              error: `Interrupted before the apply completed; the pipeline shows it was not applied (${mismatch}).`,
            }
          : { to: 'applied' };
      } catch (error) {
        verdict = {
          to: 'failed',
          error: `Interrupted mid-apply, and the pipeline could not be read to check: ${errorText(error)}`,
        };
      }
      const moved = await this.#transition(
        request,
        {
          from: [request.status],
          to: verdict.to,
          now: this.#clock.now(),
          finished: true,
          ...(verdict.error ? { error: verdict.error } : {}),
        },
        'system',
        verdict.to === 'applied' ? 'applied' : 'failed',
        { detail: 'recovered after an interrupted apply' },
      );
      if (moved) settled.push(moved);
    }
    return settled;
  }

  async #apply(approved: ChangeRequest, hooks: ApproveHooks): Promise<ChangeRequest> {
    const kind = this.#kind(approved.kind);
    const params = kind.params.parse(approved.params);
    const fail = (from: ChangeStatus, error: string) =>
      this.#finish(approved, { from: [from], to: 'failed', error }, 'failed');

    let current: unknown;
    try {
      current = await kind.load(this.#pipeline, approved.resource);
    } catch (error) {
      return fail('approved', `Could not read ${approved.resource.label} before applying: ${errorText(error)}`);
    }
    if (current === null) {
      return this.#finish(
        approved,
        { from: ['approved'], to: 'stale', error: `${approved.resource.label} no longer exists.` },
        'stale',
      );
    }
    const drift = diffJson(approved.before, kind.snapshot(current));
    if (drift.length > 0) {
      const paths = drift.map((change) => change.path);
      const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, … (${paths.length} in all)` : '');
      return this.#finish(
        approved,
        {
          from: ['approved'],
          to: 'stale',
          error: `${approved.resource.label} changed since this plan was made (${shown}). Nothing was applied.`,
        },
        'stale',
      );
    }
    let after: unknown;
    try {
      after = kind.change(current, params);
    } catch (error) {
      return fail('approved', errorText(error));
    }
    const applying = await this.#transition(
      approved,
      { from: ['approved'], to: 'applying', now: this.#clock.now() },
      approved.decidedBy ?? 'system',
      'applying',
    );
    if (!applying) return (await this.get(approved.id)) as ChangeRequest;
    if (hooks.onApplying) {
      try {
        await hooks.onApplying(applying);
      } catch (error) {
        this.#log.warn({ err: error, changeId: applying.id }, 'onApplying hook failed; applying anyway');
      }
    }
    try {
      await kind.write(this.#pipeline, applying.resource, current, after);
    } catch (error) {
      this.#log.warn({ err: error, changeId: applying.id }, 'apply failed');
      return fail('applying', `The pipeline refused the change: ${errorText(error)}`);
    }
    let mismatch: string | null;
    try {
      const reloaded = await kind.load(this.#pipeline, applying.resource);
      mismatch = reloaded === null ? 'the resource disappeared' : this.#verify(applying, kind.snapshot(reloaded));
    } catch (error) {
      mismatch = `it could not be read back: ${errorText(error)}`;
    }
    if (mismatch) {
      return fail(
        'applying',
        `The pipeline accepted the change but verification failed: ${mismatch}. Check the resource.`,
      );
    }
    return this.#finish(applying, { from: ['applying'], to: 'applied' }, 'applied');
  }

  /** The kind's preview, if it has one; a failure becomes a preview that says so (it must not block the plan). */
  async #preview(
    kind: AnyChangeKind,
    plan: { ref: ResourceRef; before: unknown; after: unknown },
  ): Promise<ChangePreview | null> {
    if (!kind.preview) return null;
    try {
      return await kind.preview(this.#pipeline, plan);
    } catch (error) {
      this.#log.warn({ err: error, kind: kind.name }, 'change preview failed');
      return { title: 'Preview', summary: `The preview could not be computed: ${errorText(error)}`, items: [] };
    }
  }

  /** Null when every path the plan changes now holds its planned value; else what differs. */
  #verify(request: ChangeRequest, actual: JsonValue): string | null {
    for (const change of diffJson(request.before, request.after)) {
      const value = valueAtPath(actual, change.path);
      const expected = change.kind === 'removed' ? undefined : change.after;
      if (!jsonEqual(value, expected)) {
        return `${change.path} is ${JSON.stringify(value ?? null)}, expected ${JSON.stringify(expected ?? null)}`;
      }
    }
    return null;
  }

  async #finish(
    request: ChangeRequest,
    move: { from: ChangeStatus[]; to: ChangeStatus; error?: string },
    action: string,
  ): Promise<ChangeRequest> {
    const moved = await this.#transition(
      request,
      { ...move, now: this.#clock.now(), finished: true },
      request.decidedBy ?? 'system',
      action,
      move.error ? { detail: move.error } : {},
    );
    return moved ?? ((await this.get(request.id)) as ChangeRequest);
  }

  async #checkDecision(
    request: ChangeRequest | null,
    userId: string,
    action: 'approve' | 'reject',
  ): Promise<DecisionOutcome | null> {
    if (!request)
      return { type: 'refused', reason: 'not_found', message: 'That change request does not exist.', request };
    if (request.status !== 'pending') return this.#notPending(request);
    if (request.requestedBy === userId) {
      if (action === 'reject') {
        return {
          type: 'refused',
          reason: 'requester_rejects',
          message: 'You proposed this change: press Cancel to withdraw it.',
          request,
        };
      }
      await this.#auditRefusal(request, userId, 'requester tried to approve their own change');
      return {
        type: 'refused',
        reason: 'self_approval',
        message: 'You proposed this change, so someone else has to approve it.',
        request,
      };
    }
    if (!(await this.#policy.canApprove(userId))) {
      await this.#auditRefusal(request, userId, `user may not ${action} (not in PIPEOPS_APPROVERS)`);
      return {
        type: 'refused',
        reason: 'not_allowed',
        message: `You are not allowed to ${action} pipeline changes (see PIPEOPS_APPROVERS).`,
        request,
      };
    }
    if (request.expiresAt.getTime() <= this.#clock.now().getTime()) {
      const settled = await this.#transition(
        request,
        { from: ['pending'], to: 'expired', now: this.#clock.now(), decidedBy: 'system', finished: true },
        'system',
        'expired',
      );
      return {
        type: 'refused',
        reason: 'expired',
        message: `This change request expired at ${request.expiresAt.toISOString()}. Propose it again if it is still wanted.`,
        request: settled ?? (await this.get(request.id)),
        ...(settled ? { settled } : {}),
      };
    }
    return null;
  }

  #notPending(request: ChangeRequest): DecisionOutcome {
    return {
      type: 'refused',
      reason: request.status === 'expired' ? 'expired' : 'not_pending',
      message: `Change request #${request.id} is ${statusWords[request.status]}.`,
      request,
    };
  }

  /** Another caller moved the request first (a double click, a concurrent approver). */
  async #lostRace(id: number, userId: string): Promise<DecisionOutcome> {
    const current = await this.get(id);
    this.#log.info({ changeId: id, userId, status: current?.status }, 'decision lost the race');
    if (current && current.status === 'pending') {
      // The only way to lose while it is still pending is its deadline passing in between.
      return { type: 'refused', reason: 'expired', message: `Change request #${id} has expired.`, request: current };
    }
    return current
      ? this.#notPending(current)
      : { type: 'refused', reason: 'not_found', message: 'Not found.', request: null };
  }

  async #transition(
    request: ChangeRequest,
    transition: Transition,
    actor: string,
    action: string,
    extra: { detail?: string } = {},
  ): Promise<ChangeRequest | null> {
    return this.#db.transaction(async (tx) => {
      const moved = await transitionChangeRequest(tx, request.id, transition);
      if (moved)
        await this.#audit(tx, moved, actor, action, moved.status, { detail: extra.detail ?? moved.error ?? undefined });
      return moved;
    });
  }

  #audit(
    db: Queryable,
    request: ChangeRequest,
    actor: string,
    action: string,
    outcome: string,
    extra: { diff?: string; detail?: string | undefined },
  ): Promise<void> {
    const entry: NewAuditEntry = {
      at: this.#clock.now(),
      actor,
      action,
      changeId: request.id,
      resource: request.resource,
      summary: request.title,
      diff: extra.diff ?? null,
      outcome,
      detail: extra.detail ?? null,
    };
    return appendAudit(db, entry);
  }

  #auditRefusal(request: ChangeRequest, userId: string, why: string): Promise<void> {
    return this.#audit(this.#db, request, userId, 'approve_refused', 'refused', { detail: why });
  }

  #kind(name: string): AnyChangeKind {
    const kind = this.#kinds.get(name);
    if (!kind) throw new UserError('unknown_change', `Unknown kind of change: ${name}.`);
    return kind;
  }
}
