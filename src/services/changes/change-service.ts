import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccessPolicy } from '../access/access-policy.js';
import { canonicalJson } from '../alerts/canonical-json.js';
import { appendAudit, type NewAuditEntry } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import { maskCredentialText } from '../credentials/credential-values.js';
import { ensureMasked, maskedJsonCopy } from '../credentials/mask-credentials.js';
import { writesMask } from '../credentials/writes-mask.js';
import type { Database, Queryable } from '../db/database.js';
import { type JsonValue, jsonEqual, toJsonValue } from '../json-value.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { type ServiceLogger, silentLogger } from '../service-logger.js';
import { UserError } from '../user-error.js';
import { ChangeDocumentCache } from './change-documents.js';
import type { AnyChangeKind, ChangePreview, ResourceRef } from './change-kind.js';
import { changeKinds } from './change-kinds.js';
import type { ChangeRequest, ChangeStatus, ChangesSummary, MessageRef } from './change-request.js';
import {
  attachMessage,
  expirePendingBefore,
  findPendingPlan,
  getChangeRequest,
  insertApproval,
  insertChangeRequest,
  lastAppliedOnResource,
  listApprovals,
  listByIds,
  listPending,
  listPendingOnResource,
  listSettleable,
  lockPending,
  readSealedValue,
  releaseLease,
  renewLease,
  storeSealedValue,
  supersedePending,
  type Transition,
  transitionChangeRequest,
  writeStartedAt,
} from './change-store.js';
import { diffJson, type JsonChange } from './json-changes.js';
import { acquireResourceLock, type HeldResourceLock, resourceLockHolder } from './resource-lock.js';
import { type ResourceReading, readResource } from './resource-reading.js';
import { unifiedJsonDiff } from './unified-diff.js';
import { writeOutcomeOf } from './write-outcome.js';

/** The resource lock an apply holds, and whether the transaction recording the outcome already released it. */
interface AppliedUnderLock {
  lock: HeldResourceLock;
  released: boolean;
}

export type RefusalReason =
  | 'not_found'
  | 'self_approval'
  | 'already_approved'
  | 'not_allowed'
  | 'not_pending'
  | 'expired'
  | 'not_requester'
  | 'requester_rejects'
  | 'busy';

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
  | {
      type: 'decided';
      request: ChangeRequest;
      /** Other pending requests on the resource that this apply made stale: their cards need redrawing. */
      superseded?: ChangeRequest[];
    };

export interface ApproveHooks {
  /** Called once the request is `applying`, before the pipeline is written (e.g. to show "Applying…"). */
  onApplying?: (request: ChangeRequest) => Promise<void>;
  /** Called when the write's outcome is unknown, before the pipeline is read to find out ("checking…"). */
  onUnknown?: (request: ChangeRequest) => Promise<void>;
}

/** Encrypts sealed values at rest (see src/services/secrets). `aad` binds a value to its request. */
export interface SealedBox {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

/** The request a proposal would duplicate: the same kind, resource and params are already waiting for approval. */
export class DuplicateProposalError extends UserError {
  readonly existing: ChangeRequest;

  constructor(existing: ChangeRequest) {
    super(
      'duplicate_pending',
      `#${existing.id} already proposes exactly this and is waiting for approval: approve or cancel that one instead.`,
    );
    this.existing = existing;
  }
}

export interface ReconcileOptions {
  /** Reads of the resource when an outcome is unknown, and between them this pause (doubling). */
  attempts: number;
  delayMs: number;
  /**
   * A write whose answer was lost may still land (the pipeline was slow, not dead): the old values count as "not
   * applied" only once the write started this long ago. Until then the request stays `unknown`.
   */
  settleAfterMs: number;
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
  /**
   * This process's identity, stable across its restarts (PIPEOPS_INSTANCE_ID; default the host name), so that a
   * restarted process knows which interrupted applies were its own and settles them at once.
   */
  instanceId?: string;
  /** True when no other process uses the database (SQLite under the data-directory lock): every in-flight apply is ours. */
  soleProcess?: boolean;
  /** The apply's lease, renewed while it runs; another process takes over a request whose lease ran out. */
  applyLeaseMs?: number;
  /** How long an approval waits for another request's apply on the same resource to finish. */
  lockWaitMs?: number;
  reconcile?: Partial<ReconcileOptions>;
  /** Approvals needed per kind name, overriding the default (2 for destructive kinds, 1 otherwise). */
  approvalsByKind?: Readonly<Record<string, number>>;
  /** Required for sealed kinds (secrets): without it they are refused with a message saying how to enable them. */
  sealedBox?: SealedBox | null;
}

const statusWords: Record<ChangeStatus, string> = {
  pending: 'waiting for approval',
  approved: 'already approved and about to be applied',
  applying: 'already being applied',
  unknown: 'applied with an unknown outcome, being checked',
  applied: 'already applied',
  failed: 'closed: it failed',
  stale: 'closed: its plan went stale',
  rejected: 'already rejected',
  cancelled: 'already cancelled',
  expired: 'expired',
};

/** An error as the text stored on the request, its audit row and its card: credentials in it masked. */
function errorText(error: unknown): string {
  if (error instanceof PipelineError || error instanceof UserError) return maskCredentialText(error.message);
  const text = error instanceof Error ? error.message : String(error);
  return maskCredentialText(`Unexpected error: ${text.slice(0, 500)}`);
}

const SUMMARY_SHOWN = 30;

function summarize(changes: readonly JsonChange[]): ChangesSummary {
  return { shown: changes.slice(0, SUMMARY_SHOWN), total: changes.length };
}

function paramsHash(params: JsonValue): string {
  return createHash('sha256').update(canonicalJson(params)).digest('hex');
}

/** What one read of the resource says about a request's plan. */
type Verdict = { kind: 'planned' } | { kind: 'original' } | { kind: 'other'; detail: string };

/**
 * The change workflow: propose (dry run: read, plan, diff, store) → other people approve → take the resource's
 * lock → re-read (refuse if stale) → apply → verify → record. Every state change is one conditional UPDATE plus its
 * audit entry, in one transaction. A write whose answer is lost is `unknown` until reading the pipeline tells.
 */
export class ChangeService {
  readonly #db: Database;
  /** The requests' snapshots, parsed once per process (they never change after the proposal). */
  readonly #documents = new ChangeDocumentCache();
  readonly #pipeline: PipelineProvider;
  readonly #policy: AccessPolicy;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #kinds: ReadonlyMap<string, AnyChangeKind>;
  readonly #log: ServiceLogger;
  readonly #instanceId: string;
  readonly #soleProcess: boolean;
  readonly #leaseMs: number;
  readonly #lockWaitMs: number;
  readonly #reconcileOptions: ReconcileOptions;
  readonly #approvalsByKind: Readonly<Record<string, number>>;
  readonly #sealedBox: SealedBox | null;
  /** Requests this process is applying or checking right now: never settled from under it. */
  readonly #active = new Set<number>();

  constructor(options: ChangeServiceOptions) {
    this.#db = options.db;
    this.#pipeline = options.pipeline;
    this.#policy = options.policy;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#kinds = options.kinds ?? changeKinds;
    this.#log = options.logger ?? silentLogger;
    this.#instanceId = options.instanceId ?? hostname();
    this.#soleProcess = options.soleProcess ?? false;
    this.#leaseMs = options.applyLeaseMs ?? 60_000;
    this.#lockWaitMs = options.lockWaitMs ?? 30_000;
    this.#reconcileOptions = { attempts: 3, delayMs: 500, settleAfterMs: 120_000, ...options.reconcile };
    this.#approvalsByKind = options.approvalsByKind ?? {};
    this.#sealedBox = options.sealedBox ?? null;
  }

  /** How many approvals a kind needs. */
  approvalsRequired(kindName: string): number {
    const kind = this.#kind(kindName);
    return this.#approvalsByKind[kind.name] ?? (kind.destructive ? 2 : 1);
  }

  /** Whether sealed kinds (secrets) can be proposed: a sealed-value key is configured. */
  get sealingEnabled(): boolean {
    return this.#sealedBox !== null;
  }

  /**
   * Reads the resource, plans the change and stores it as pending. Nothing is written to the pipeline. Throws a
   * DuplicateProposalError when the very same plan is already pending.
   */
  async propose(
    kindName: string,
    rawParams: unknown,
    requestedBy: string,
    options: { replannedFrom?: number; sealed?: string } = {},
  ): Promise<ChangeRequest> {
    await this.#policy.assertCanPropose(requestedBy);
    const kind = this.#kind(kindName);
    if (kind.sealed && options.sealed === undefined) {
      throw new UserError(
        'sealed_value_missing',
        `${kind.name} needs its value from the dialog, not the command line.`,
      );
    }
    if (kind.sealed && !this.#sealedBox) {
      throw new UserError(
        'sealing_disabled',
        'Secrets cannot be set: PIPEOPS_SECRETS_KEY is not configured (a 32-byte key, base64 or hex).',
      );
    }
    if (!kind.sealed && options.sealed !== undefined) throw new Error(`${kind.name} takes no sealed value`);
    const parsed = kind.params.safeParse(rawParams);
    if (!parsed.success)
      throw new UserError('invalid_params', `Invalid ${kindName} parameters: ${parsed.error.message}`);
    const params = parsed.data;
    const { ref, resource } = await kind.locate(this.#pipeline, params);
    const changed = kind.change(resource, params);
    const before = this.#snapshot(kind, resource);
    const after = this.#snapshot(kind, changed);
    const changes = diffJson(before, after);
    if (!kind.sealed && changes.length === 0) {
      throw new UserError('no_change', 'That change would not change anything visible; nothing to approve.');
    }
    const diff = unifiedJsonDiff(ref.label, before, after).text;
    const preview = await this.#preview(kind, { ref, before: resource, after: changed });
    const now = this.#clock.now();
    const storedParams = toJsonValue(params);
    const hash = paramsHash(storedParams);
    const request = await this.#db.transaction(async (tx) => {
      const inserted = await insertChangeRequest(
        tx,
        {
          kind: kind.name,
          params: storedParams,
          resource: ref,
          title: maskCredentialText(kind.title(ref, params)),
          before,
          after,
          diff,
          changes: summarize(changes),
          preview,
          destructive: kind.destructive ?? false,
          approvalsRequired: this.approvalsRequired(kind.name),
          requestedBy,
          requestedAt: now,
          expiresAt: new Date(now.getTime() + this.#ttlMs),
          replannedFrom: options.replannedFrom ?? null,
          paramsHash: hash,
        },
        this.#documents,
      );
      if (!inserted) return null;
      this.#rememberPlanned(before, after, changes);
      if (kind.sealed && options.sealed !== undefined && this.#sealedBox) {
        await storeSealedValue(tx, inserted.id, this.#sealedBox.seal(options.sealed, sealedAad(inserted.id)));
      }
      await this.#audit(tx, inserted, requestedBy, 'proposed', 'pending', {
        diff,
        detail: preview ? `${preview.title}: ${preview.summary}` : undefined,
      });
      return inserted;
    });
    if (!request) {
      const existing = await findPendingPlan(
        this.#db,
        { kind: kind.name, resource: ref, paramsHash: hash },
        this.#documents,
      );
      if (existing) throw new DuplicateProposalError(await this.#decorate(existing));
      // It stopped being pending in between: propose again.
      return this.propose(kindName, rawParams, requestedBy, options);
    }
    return this.#decorate(request);
  }

  async get(id: number): Promise<ChangeRequest | null> {
    const request = await getChangeRequest(this.#db, id, this.#documents);
    return request ? this.#decorate(request) : null;
  }

  listPending(limit = 20): Promise<ChangeRequest[]> {
    return listPending(this.#db, limit, this.#documents);
  }

  /** Remembers where the request's card was posted. */
  attachMessage(id: number, message: MessageRef): Promise<void> {
    return attachMessage(this.#db, id, message);
  }

  /**
   * A user pressed Approve. Refused for the requester, for users who may not approve, for a second approval by the
   * same person, and for requests that are no longer pending (a double click lands here). Approvals are counted
   * one at a time under the request's row lock; the one that completes the count moves it to approved, and only
   * that caller goes on to apply.
   */
  async approve(id: number, userId: string, hooks: ApproveHooks = {}): Promise<DecisionOutcome> {
    const request = await this.get(id);
    const early = await this.#checkDecision(request, userId, 'approve');
    if (early) return early;
    const pending = request as ChangeRequest;
    const now = this.#clock.now();
    const vote = await this.#db.transaction(async (tx) => {
      if (!(await lockPending(tx, id))) return { kind: 'gone' as const };
      if (!(await insertApproval(tx, id, userId, now))) return { kind: 'duplicate' as const };
      const moved = await transitionChangeRequest(tx, id, {
        from: ['pending'],
        to: 'approved',
        now,
        unexpired: true,
        decidedBy: userId,
        minApprovals: pending.approvalsRequired,
        lease: { owner: this.#instanceId, until: new Date(now.getTime() + this.#leaseMs) },
      });
      if (moved) {
        const approved = { ...pending, ...moved };
        await this.#audit(tx, approved, userId, 'approved', 'approved', {});
        return { kind: 'approved' as const, request: approved };
      }
      await this.#audit(tx, pending, userId, 'approval_recorded', 'pending', {
        detail: 'approval recorded; more approvals are needed',
      });
      return { kind: 'recorded' as const };
    });
    if (vote.kind === 'gone') return this.#lostRace(id, userId);
    if (vote.kind === 'duplicate') {
      return {
        type: 'refused',
        reason: 'already_approved',
        message: `You already approved #${id}; it needs ${pending.approvalsRequired} approvals from different people.`,
        request: pending,
      };
    }
    if (vote.kind === 'recorded') return { type: 'decided', request: (await this.get(id)) as ChangeRequest };
    return this.#applyOwned(vote.request, hooks);
  }

  /** An approver turns the request down. The requester withdraws with cancel instead. */
  async reject(id: number, userId: string, reason?: string): Promise<DecisionOutcome> {
    const request = await this.get(id);
    const early = await this.#checkDecision(request, userId, 'reject');
    if (early) return early;
    const rejected = await this.#transition(
      request as ChangeRequest,
      {
        from: ['pending'],
        to: 'rejected',
        now: this.#clock.now(),
        decidedBy: userId,
        finished: true,
        ...(reason ? { error: reason } : {}),
      },
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
    if (!offersReplan(request)) {
      const still = request.status === 'applied' ? 'was applied' : `is still ${statusWords[request.status]}`;
      throw new UserError('not_final', `Change request #${id} ${still}: nothing to re-plan.`);
    }
    const kind = this.#kind(request.kind);
    if (kind.sealed) {
      throw new UserError('sealed_replan', `#${id} carried a secret value, which is gone: propose it again.`);
    }
    return this.propose(request.kind, request.params, userId, { replannedFrom: request.id });
  }

  /**
   * Re-checks a request whose outcome is unknown by reading the pipeline (the card's Re-check button). Refused
   * while another process or call is checking it.
   */
  async recheck(id: number, userId: string): Promise<DecisionOutcome> {
    const request = await this.get(id);
    if (!request)
      return { type: 'refused', reason: 'not_found', message: `Change request #${id} does not exist.`, request };
    if (request.status !== 'unknown') return this.#notPending(request);
    const claimed = await this.#claim(request);
    if (!claimed) {
      return { type: 'refused', reason: 'busy', message: `#${id} is being checked already.`, request };
    }
    this.#log.info({ changeId: id, userId }, 're-checking an unknown outcome');
    return this.#withActive(id, async () => this.#settled(await this.#reconcile(claimed, 'final')));
  }

  /** Expires pending requests past their deadline (run periodically); returns them so their cards can be updated. */
  async expireDue(): Promise<ChangeRequest[]> {
    const ids = await this.#db.transaction(async (tx) => {
      const expired = await expirePendingBefore(tx, this.#clock.now());
      for (const id of expired) {
        const request = await getChangeRequest(tx, id, this.#documents);
        if (request) await this.#audit(tx, request, 'system', 'expired', 'expired', {});
      }
      return expired;
    });
    return listByIds(this.#db, ids, this.#documents);
  }

  /**
   * Settles applies left in flight: at start those of this process (and, under the data-directory lock, all of
   * them) at once; periodically those whose lease ran out (their process stopped) and unknown outcomes due for a
   * re-check. An approved request whose write never started is applied now; one whose write started is
   * reconciled with what the pipeline shows.
   */
  async settleInFlight(): Promise<ChangeRequest[]> {
    const settled: ChangeRequest[] = [];
    const candidates = await listSettleable(
      this.#db,
      { owner: this.#instanceId, now: this.#clock.now(), anyOwner: this.#soleProcess },
      this.#documents,
    );
    for (const candidate of candidates) {
      if (this.#active.has(candidate.id)) continue;
      const claimed = await this.#claim(candidate);
      if (!claimed) continue;
      const outcome = await this.#withActive(candidate.id, async () =>
        claimed.status === 'approved'
          ? this.#apply(claimed, {})
          : this.#settled(await this.#reconcile(claimed, 'final')),
      );
      if (outcome.type !== 'decided') continue;
      if (outcome.request.status !== candidate.status || outcome.request.error !== candidate.error) {
        settled.push(outcome.request);
      }
      settled.push(...(outcome.superseded ?? []));
    }
    return settled;
  }

  /** Takes the apply's lease of an in-flight request (conditional: only if it is ours or its lease ran out). */
  async #claim(request: ChangeRequest): Promise<ChangeRequest | null> {
    const now = this.#clock.now();
    const moved = await transitionChangeRequest(this.#db, request.id, {
      from: [request.status],
      to: request.status,
      now,
      lease: { owner: this.#instanceId, until: new Date(now.getTime() + this.#leaseMs) },
      ...(this.#soleProcess ? {} : { ownedBy: this.#instanceId }),
    });
    return moved ? { ...request, ...moved } : null;
  }

  async #withActive<T>(id: number, work: () => Promise<T>): Promise<T> {
    this.#active.add(id);
    try {
      return await work();
    } finally {
      this.#active.delete(id);
    }
  }

  #applyOwned(approved: ChangeRequest, hooks: ApproveHooks): Promise<DecisionOutcome> {
    return this.#withActive(approved.id, () => this.#apply(approved, hooks));
  }

  /**
   * Applies an approved request this process owns: under the resource's lock, re-read and refuse if stale, write,
   * read back. The lock and the request's lease are renewed while this runs.
   */
  async #apply(approved: ChangeRequest, hooks: ApproveHooks): Promise<DecisionOutcome> {
    const key = `${approved.resource.type}:${approved.resource.id}`;
    const lock = await acquireResourceLock({
      db: this.#db,
      holder: this.#instanceId,
      changeId: approved.id,
      key,
      now: () => this.#clock.now(),
      ttlMs: this.#leaseMs,
      waitMs: this.#lockWaitMs,
    });
    if (!lock) {
      const holder = await resourceLockHolder(this.#db, key, this.#clock.now());
      const which =
        holder === null ? 'Another change to this resource' : `#${holder}, another change to this resource,`;
      const request = await this.#finish(approved, {
        from: ['approved'],
        to: 'stale',
        error: `${which} was still being applied after ${Math.round(this.#lockWaitMs / 1000)} s. Nothing was applied; re-plan once it has finished.`,
      });
      return { type: 'decided', request };
    }
    const heartbeat = this.#startHeartbeat(approved.id, lock);
    const held: AppliedUnderLock = { lock, released: false };
    try {
      return await this.#applyLocked(approved, hooks, held);
    } finally {
      clearInterval(heartbeat);
      if (!held.released)
        await lock.release().catch((error: unknown) => {
          this.#log.warn({ err: error, changeId: approved.id }, 'could not release the resource lock; it will expire');
        });
    }
  }

  #startHeartbeat(id: number, lock: HeldResourceLock): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        const until = new Date(this.#clock.now().getTime() + this.#leaseMs);
        void Promise.all([lock.renew(), renewLease(this.#db, id, this.#instanceId, until)]).catch((error: unknown) => {
          this.#log.warn({ err: error, changeId: id }, 'could not renew the apply lease');
        });
      },
      Math.max(1000, Math.floor(this.#leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  async #applyLocked(approved: ChangeRequest, hooks: ApproveHooks, held: AppliedUnderLock): Promise<DecisionOutcome> {
    const kind = this.#kind(approved.kind);
    const params = kind.params.parse(approved.params);
    const done = (request: ChangeRequest, superseded?: ChangeRequest[]): DecisionOutcome => ({
      type: 'decided',
      request,
      ...(superseded && superseded.length > 0 ? { superseded } : {}),
    });
    const fail = async (from: ChangeStatus, error: string) =>
      done(await this.#finish(approved, { from: [from], to: 'failed', error }));

    let current: unknown;
    try {
      current = await kind.load(this.#pipeline, approved.resource);
    } catch (error) {
      return fail('approved', `Could not read ${approved.resource.label} before applying: ${errorText(error)}`);
    }
    const stale = await this.#staleness(approved, kind, current);
    if (stale) {
      return done(
        await this.#finish(approved, {
          from: ['approved'],
          to: 'stale',
          error: stale.error,
          ...(stale.changedBy !== null ? { changedBy: stale.changedBy } : {}),
        }),
      );
    }
    let after: unknown;
    try {
      after = kind.change(current, params);
    } catch (error) {
      return fail('approved', errorText(error));
    }
    if (writesMask(current, after)) {
      return fail(
        'approved',
        'The change would write a masked credential (••••••) over its real value; nothing was applied.',
      );
    }
    let sealed: string | null = null;
    if (kind.sealed) {
      const stored = await readSealedValue(this.#db, approved.id);
      if (stored === null || !this.#sealedBox) return fail('approved', 'The secret value is no longer available.');
      try {
        sealed = this.#sealedBox.open(stored, sealedAad(approved.id));
      } catch {
        return fail('approved', 'The secret value could not be decrypted (was PIPEOPS_SECRETS_KEY changed?).');
      }
    }
    const applying = await this.#transition(
      approved,
      { from: ['approved'], to: 'applying', now: this.#clock.now(), writeStarts: true },
      approved.decidedBy ?? 'system',
      'applying',
    );
    if (!applying) return done((await this.get(approved.id)) as ChangeRequest);
    await this.#hook(hooks.onApplying, applying);
    try {
      await kind.write(this.#pipeline, applying.resource, current, after, { sealed });
    } catch (error) {
      this.#log.warn({ err: error, changeId: applying.id }, 'apply failed');
      if (writeOutcomeOf(error) === 'refused') {
        return fail('applying', `The pipeline refused the change: ${errorText(error)}`);
      }
      const unknown = await this.#transition(
        applying,
        {
          from: ['applying'],
          to: 'unknown',
          now: this.#clock.now(),
          error: `The pipeline did not answer the write (${errorText(error)}); checking whether it was applied.`,
        },
        'system',
        'unknown',
      );
      if (!unknown) return done((await this.get(applying.id)) as ChangeRequest);
      await this.#hook(hooks.onUnknown, unknown);
      return this.#settled(await this.#reconcile(unknown, 'in-apply', errorText(error)));
    }
    return this.#settled(await this.#verifyWrite(applying, held));
  }

  /** After a write the pipeline accepted: read back (a few times: a new resource may take a moment to show). */
  async #verifyWrite(applying: ChangeRequest, held: AppliedUnderLock): Promise<ChangeRequest> {
    const kind = this.#kind(applying.kind);
    let last: Verdict | null = null;
    let readError: unknown = null;
    for (let attempt = 0; attempt < this.#reconcileOptions.attempts; attempt++) {
      if (attempt > 0) await sleep(this.#reconcileOptions.delayMs * 2 ** (attempt - 1));
      try {
        last = this.#judge(applying, kind, await kind.load(this.#pipeline, applying.resource));
        readError = null;
      } catch (error) {
        readError = error;
        continue;
      }
      if (last.kind === 'planned') return this.#markApplied(applying, 'applying', 'read back and verified', held);
    }
    if (readError !== null || last === null) {
      const unknown = await this.#transition(
        applying,
        {
          from: ['applying'],
          to: 'unknown',
          now: this.#clock.now(),
          error: `The pipeline accepted the change, but it could not be read back to verify it (${errorText(readError)}).`,
        },
        'system',
        'unknown',
      );
      if (!unknown) return (await this.get(applying.id)) as ChangeRequest;
      await releaseLease(this.#db, unknown.id, this.#instanceId, this.#clock.now());
      return unknown;
    }
    const why =
      last.kind === 'original'
        ? 'it still shows the values from before the change'
        : (last as { detail: string }).detail;
    return this.#finish(applying, {
      from: ['applying'],
      to: 'failed',
      error: `The pipeline accepted the change but verification failed: ${why}. Check the resource.`,
    });
  }

  /**
   * Reads the resource to learn an unknown outcome, with bounded retries: the planned values → applied; the old ones
   * → failed once the write is old enough that it can no longer land (else it stays unknown); anything else, or no
   * answer → stays unknown (the card offers Re-check, housekeeping tries again).
   */
  async #reconcile(request: ChangeRequest, when: 'in-apply' | 'final', writeError?: string): Promise<ChangeRequest> {
    const kind = this.#kind(request.kind);
    let verdict: Verdict | null = null;
    let readError: unknown = null;
    for (let attempt = 0; attempt < this.#reconcileOptions.attempts; attempt++) {
      if (attempt > 0) await sleep(this.#reconcileOptions.delayMs * 2 ** (attempt - 1));
      try {
        verdict = this.#judge(request, kind, await kind.load(this.#pipeline, request.resource));
        readError = null;
      } catch (error) {
        readError = error;
        continue;
      }
      if (verdict.kind === 'planned') break;
    }
    const from = [request.status];
    if (verdict?.kind === 'planned') {
      return this.#markApplied(request, request.status, 'the pipeline shows the planned values (reconciled)');
    }
    if (verdict?.kind === 'original' && request.status !== 'approved') {
      const started = await writeStartedAt(this.#db, request.id);
      const age = started === null ? Number.POSITIVE_INFINITY : this.#clock.now().getTime() - started.getTime();
      if (age >= this.#reconcileOptions.settleAfterMs || (when === 'final' && started === null)) {
        const cause = writeError ? ` The write had failed: ${writeError}` : '';
        return this.#finish(request, {
          from,
          to: 'failed',
          error: `The pipeline shows the values from before the change: it was not applied.${cause}`,
        });
      }
    }
    const why =
      readError !== null
        ? `the pipeline could not be read (${errorText(readError)})`
        : verdict?.kind === 'original'
          ? 'the pipeline still shows the old values, but the write may still land'
          : `the pipeline shows neither the old nor the planned values (${(verdict as { detail: string } | null)?.detail ?? 'no answer'})`;
    const cause = writeError ? ` (the write: ${writeError})` : '';
    const note = `Outcome unknown: ${why}${cause}. Re-check later; pipeops also re-checks by itself.`;
    // Still unknown after an earlier check: nothing new to record.
    const unknown =
      request.status === 'unknown' && when === 'final'
        ? request
        : await this.#transition(
            request,
            { from, to: 'unknown', now: this.#clock.now(), error: note },
            'system',
            'unknown',
          );
    const result = unknown ?? ((await this.get(request.id)) as ChangeRequest);
    // Anyone may re-check it from now on.
    await releaseLease(this.#db, request.id, this.#instanceId, this.#clock.now());
    return result;
  }

  /** `held`: the resource's lock, released in the same transaction when the request is applied. */
  async #markApplied(
    request: ChangeRequest,
    from: ChangeStatus,
    detail: string,
    held?: AppliedUnderLock,
  ): Promise<ChangeRequest> {
    const now = this.#clock.now();
    const outcome = await this.#db.transaction(async (tx) => {
      const moved = await transitionChangeRequest(tx, request.id, { from: [from], to: 'applied', now, finished: true });
      if (!moved) return null;
      await held?.lock.releaseWithin(tx);
      const applied = { ...request, ...moved };
      await this.#audit(tx, applied, request.decidedBy ?? 'system', 'applied', 'applied', { detail });
      const superseded = await supersedePending(tx, request.resource, request.id, now);
      for (const id of superseded) {
        await this.#audit(tx, { ...request, id }, 'system', 'stale', 'stale', {
          detail: `superseded by #${request.id}`,
        });
      }
      return { applied, superseded };
    });
    if (!outcome) return (await this.get(request.id)) as ChangeRequest;
    // Committed: the lock is gone with it (a rolled-back transaction leaves it to the apply's own release).
    if (held) held.released = true;
    this.#lastSuperseded.set(request.id, outcome.superseded);
    return outcome.applied;
  }

  /** Superseded ids per applied request, handed to the caller once with the outcome. */
  readonly #lastSuperseded = new Map<number, number[]>();

  async #settled(request: ChangeRequest): Promise<DecisionOutcome> {
    const ids = this.#lastSuperseded.get(request.id) ?? [];
    this.#lastSuperseded.delete(request.id);
    const superseded = await listByIds(this.#db, ids, this.#documents);
    return { type: 'decided', request, ...(superseded.length > 0 ? { superseded } : {}) };
  }

  /** Why the plan no longer fits the resource as it is now (null when it still does). */
  async #staleness(
    request: ChangeRequest,
    kind: AnyChangeKind,
    current: unknown,
  ): Promise<{ error: string; changedBy: number | null } | null> {
    const reading = this.#read(kind, current);
    if (reading.shows(request.before)) return null;
    const snapshot = reading.snapshot();
    const changedBy = await lastAppliedOnResource(this.#db, request.resource, request.requestedAt, request.id);
    const by = changedBy !== null ? `, by #${changedBy}` : ', not by a pipeops request';
    const label = request.resource.label;
    if (request.before !== null && current === null) {
      return { error: `${label} no longer exists (removed${by}). Nothing was applied.`, changedBy };
    }
    if (request.before === null) {
      return { error: `${label} exists by now (created${by}). Nothing was applied.`, changedBy };
    }
    const paths = diffJson(request.before, snapshot).map((change) => change.path);
    const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, … (${paths.length} in all)` : '');
    return { error: `${label} changed since this plan was made (${shown})${by}. Nothing was applied.`, changedBy };
  }

  /** Compares what the pipeline shows with the plan: planned values, the old ones, or something else. */
  #judge(request: ChangeRequest, kind: AnyChangeKind, current: unknown): Verdict {
    const reading = this.#read(kind, current);
    if (request.after === null) {
      if (current === null) return { kind: 'planned' };
      return reading.shows(request.before) ? { kind: 'original' } : { kind: 'other', detail: 'it still exists' };
    }
    if (current === null) {
      return request.before === null ? { kind: 'original' } : { kind: 'other', detail: 'the resource is gone' };
    }
    const mismatch = this.#mismatch(request, reading);
    if (mismatch === null) return { kind: 'planned' };
    return reading.shows(request.before) ? { kind: 'original' } : { kind: 'other', detail: mismatch };
  }

  /** Null when every path the plan changes now holds its planned value; else what differs. */
  #mismatch(request: ChangeRequest, reading: ResourceReading): string | null {
    if (request.before === null) return reading.shows(request.after) ? null : 'it differs from the plan';
    for (const change of this.#plannedChanges(request)) {
      const value = reading.valueAt(change.path);
      const expected = change.kind === 'removed' ? undefined : change.after;
      if (!jsonEqual(value, expected)) {
        return `${change.path} is ${JSON.stringify(value ?? null)}, expected ${JSON.stringify(expected ?? null)}`;
      }
    }
    return null;
  }

  /**
   * What the plan changes, path by path: kept from the proposal, or computed once per request where another
   * process proposed it (its documents never change, and the document cache hands out the same objects).
   */
  #plannedChanges(request: ChangeRequest): readonly JsonChange[] {
    const { before, after } = request;
    const known = typeof after === 'object' && after !== null ? this.#planned.get(after) : undefined;
    if (known && known.before === before) return known.changes;
    const changes = diffJson(before, after);
    this.#rememberPlanned(before, after, changes);
    return changes;
  }

  #rememberPlanned(before: JsonValue, after: JsonValue, changes: readonly JsonChange[]): void {
    if (typeof after === 'object' && after !== null) this.#planned.set(after, { before, changes });
  }

  readonly #planned = new WeakMap<object, { before: JsonValue; changes: readonly JsonChange[] }>();

  /** The resource as the checks see it: its snapshot, read on the resource itself where the kind allows. */
  #read(kind: AnyChangeKind, resource: unknown): ResourceReading {
    return readResource(kind, resource, (read) => this.#snapshot(kind, read));
  }

  /**
   * What is stored, diffed, compared and shown of a resource: the kind's snapshot with credentials masked here,
   * whatever the kind masks itself, so that no kind can store one.
   */
  #snapshot(kind: AnyChangeKind, resource: unknown): JsonValue {
    return resource === null ? null : ensureMasked(kind.snapshot(resource));
  }

  async #hook(hook: ((request: ChangeRequest) => Promise<void>) | undefined, request: ChangeRequest): Promise<void> {
    if (!hook) return;
    try {
      await hook(request);
    } catch (error) {
      this.#log.warn({ err: error, changeId: request.id }, 'change hook failed; going on');
    }
  }

  /** The kind's preview, if it has one; a failure becomes a preview that says so (it must not block the plan). */
  async #preview(
    kind: AnyChangeKind,
    plan: { ref: ResourceRef; before: unknown; after: unknown },
  ): Promise<ChangePreview | null> {
    if (!kind.preview) return null;
    try {
      const preview = await kind.preview(this.#pipeline, plan);
      // Previews show pipeline data (sample events): stored and posted, so masked like snapshots.
      return preview && (maskedJsonCopy(preview) as unknown as ChangePreview);
    } catch (error) {
      this.#log.warn({ err: error, kind: kind.name }, 'change preview failed');
      return { title: 'Preview', summary: `The preview could not be computed: ${errorText(error)}`, items: [] };
    }
  }

  /** Adds what the row alone does not hold: the approvals so far and the other requests pending on the resource. */
  async #decorate(request: ChangeRequest): Promise<ChangeRequest> {
    const approvals = request.approvalsRequired > 1 ? await listApprovals(this.#db, request.id) : [];
    const alsoPending =
      request.status === 'pending' ? await listPendingOnResource(this.#db, request.resource, request.id) : [];
    return { ...request, approvals, alsoPending };
  }

  async #finish(
    request: ChangeRequest,
    move: { from: ChangeStatus[]; to: ChangeStatus; error?: string; changedBy?: number },
  ): Promise<ChangeRequest> {
    const moved = await this.#transition(
      request,
      { ...move, now: this.#clock.now(), finished: true },
      request.decidedBy ?? 'system',
      move.to,
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
    if (action === 'approve' && request.approvals.some((approval) => approval.userId === userId)) {
      return {
        type: 'refused',
        reason: 'already_approved',
        message: `You already approved #${request.id}; it needs ${request.approvalsRequired} approvals from different people.`,
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
      if (!moved) return null;
      const next = { ...request, ...moved };
      await this.#audit(tx, next, actor, action, next.status, { detail: extra.detail ?? next.error ?? undefined });
      return next;
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

/** Whether a request's card offers Re-plan: it ended without being applied, and a fresh plan may still be wanted. */
export function offersReplan(request: Pick<ChangeRequest, 'status'>): boolean {
  return request.status === 'stale' || request.status === 'expired' || request.status === 'failed';
}

function sealedAad(id: number): string {
  return `pipeops:change_request:${id}`;
}
