import type { AccessPolicy } from '../access/access-policy.js';
import { appendAudit } from '../audit/audit-log.js';
import type { AnyChangeKind } from '../changes/change-kind.js';
import { changeKinds } from '../changes/change-kinds.js';
import type { ChangeRequest } from '../changes/change-request.js';
import type { ChangeService } from '../changes/change-service.js';
import { lastAppliedOnResource } from '../changes/change-store.js';
import { diffJson } from '../changes/json-changes.js';
import type { RestoreParams } from '../changes/kinds/restore-kinds.js';
import { restoreKindNames } from '../changes/restore-kind-names.js';
import type { RevertProposal } from '../changes/revert-service.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { valueAtPath } from '../json-path.js';
import { type JsonValue, jsonEqual } from '../json-value.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import { type ServiceLogger, silentLogger } from '../service-logger.js';
import { UserError } from '../user-error.js';
import { changedWithDefaultMode, DEFAULT_MODE_REF } from './default-mode-followers.js';
import { type DriftKeySource, resolveDriftKey } from './drift-key.js';
import type { DriftRecord } from './drift-record.js';
import { type ObservedResource, readManagedResources } from './drift-resources.js';
import { type DriftState, driftDiff, driftState, sameState } from './drift-state.js';
import {
  claimDriftSync,
  findDrift,
  getDrift,
  insertKnown,
  listDrifted,
  listDriftsNeedingSync,
  recordDriftSynced,
  releaseDriftSync,
  updateDrift,
} from './drift-store.js';

export interface DriftServiceOptions {
  db: Database;
  pipeline: PipelineProvider;
  clock: Clock;
  changes: ChangeService;
  policy: AccessPolicy;
  key?: DriftKeySource;
  kinds?: ReadonlyMap<string, AnyChangeKind>;
  logger?: ServiceLogger;
}

/** The answer to a drift button: refused (and why, privately), or the record as the click left it. */
export type DriftOutcome = { type: 'refused'; message: string } | { type: 'decided'; record: DriftRecord };

/** The restore kind of each resource type drift detection watches (drift-resources.ts). */
const restoreKindByType: Readonly<Record<string, string>> = {
  input: restoreKindNames.input,
  event_type: restoreKindNames.mapping,
  consolidation: restoreKindNames.consolidation,
  default_mapping_mode: restoreKindNames.defaultMode,
};

/**
 * Drift detection: pipeops keeps the last state it applied, read or accepted for every resource it manages, and
 * `checkNow` reads the pipeline: a resource that shows another state which no applied pipeops request explains is a
 * drift (one record, one Slack message while it lasts, updated not re-posted). Accept makes the new state the known
 * one (audited); Revert proposes the known state back as an ordinary restore request. Every write is conditional.
 */
export class DriftService {
  readonly #db: Database;
  readonly #pipeline: PipelineProvider;
  readonly #clock: Clock;
  readonly #changes: ChangeService;
  readonly #policy: AccessPolicy;
  readonly #keySource: DriftKeySource;
  readonly #kinds: ReadonlyMap<string, AnyChangeKind>;
  readonly #log: ServiceLogger;
  #key: Promise<Buffer> | null = null;

  constructor(options: DriftServiceOptions) {
    this.#db = options.db;
    this.#pipeline = options.pipeline;
    this.#clock = options.clock;
    this.#changes = options.changes;
    this.#policy = options.policy;
    this.#keySource = options.key ?? {};
    this.#kinds = options.kinds ?? changeKinds;
    this.#log = options.logger ?? silentLogger;
  }

  now(): Date {
    return this.#clock.now();
  }

  /** Reads the pipeline once and records what drifted, came back or was changed by pipeops. Returns open drifts. */
  async checkNow(): Promise<DriftRecord[]> {
    const key = await this.#fingerprintKey();
    for (const observed of await readManagedResources(this.#pipeline)) {
      const state = driftState(observed.raw, observed.snapshot, key);
      try {
        await this.#observe(observed, state);
      } catch (error) {
        this.#log.warn({ err: error, resource: observed.ref }, 'drift check of a resource failed; next run retries');
      }
    }
    return listDrifted(this.#db);
  }

  /** Resources that show a drift now. */
  listDrifted(): Promise<DriftRecord[]> {
    return listDrifted(this.#db);
  }

  get(id: number): Promise<DriftRecord | null> {
    return getDrift(this.#db, id);
  }

  /** Accept: the drifted state becomes the known one; audited. Refused for a drift that ended or another incident. */
  async accept(id: number, incident: number, userId: string): Promise<DriftOutcome> {
    await this.#policy.assertCanPropose(userId);
    const open = await this.#open(id, incident);
    if (open.type === 'refused') return open;
    const record = open.record;
    const drifted = record.drifted as DriftState;
    const now = this.#clock.now();
    const accepted = await this.#db.transaction(async (tx) => {
      const moved = await updateDrift(
        tx,
        record,
        {
          known: { state: drifted, at: now, by: userId },
          drifted: null,
          closed: { how: 'accepted', by: userId },
          revise: true,
        },
        now,
      );
      if (!moved) return null;
      await appendAudit(tx, {
        at: now,
        actor: userId,
        action: 'drift_accepted',
        changeId: null,
        resource: record.resource,
        summary: `Accept the change made outside pipeops to ${record.resource.label}`,
        diff: record.diff,
        outcome: 'accepted',
        detail: `first seen ${record.firstSeenAt?.toISOString() ?? 'unknown'}; now the known state`,
      });
      return moved;
    });
    if (!accepted) return { type: 'refused', message: 'Someone else acted on this drift first; see its message.' };
    return { type: 'decided', record: accepted };
  }

  /** Revert: the restore proposal that writes the known state back (ChangeService.propose it: dry run, approval). */
  async planRevert(id: number, incident: number): Promise<RevertProposal> {
    const open = await this.#open(id, incident);
    if (open.type === 'refused') throw new UserError('drift_closed', open.message);
    const record = open.record;
    const drifted = record.drifted as DriftState;
    if (jsonEqual(record.known.snapshot, drifted.snapshot)) {
      throw new UserError(
        'drift_credentials_only',
        `Only a credential of ${record.resource.label} changed: pipeops cannot write back a value it never knew. Accept the drift, or set the credential with \`input set-credential\`.`,
      );
    }
    const kind = restoreKindByType[record.resource.type];
    if (!kind) throw new UserError('drift_no_restore', `${record.resource.label} cannot be reverted by pipeops.`);
    const params: RestoreParams = {
      resource: record.resource,
      to: record.known.snapshot,
      revertOf: null,
      what: `the change made outside pipeops (first seen ${record.firstSeenAt?.toISOString() ?? 'unknown'})`,
      movedSince: [],
    };
    return { kind, params };
  }

  needingSync(): Promise<number[]> {
    return listDriftsNeedingSync(this.#db);
  }

  claimSync(id: number, owner: string): Promise<DriftRecord | null> {
    return claimDriftSync(this.#db, id, owner, this.#clock.now(), 60_000);
  }

  recordSynced(id: number, owner: string, revision: number, message: DriftRecord['message']): Promise<void> {
    return recordDriftSynced(this.#db, id, owner, revision, message);
  }

  releaseSync(id: number, owner: string): Promise<void> {
    return releaseDriftSync(this.#db, id, owner);
  }

  async #observe(observed: ObservedResource, state: DriftState): Promise<void> {
    const now = this.#clock.now();
    const record = await findDrift(this.#db, observed.ref);
    if (!record) {
      await insertKnown(this.#db, observed.ref, state, 'read', now);
      return;
    }
    const label = observed.ref.label !== record.resource.label ? { label: observed.ref.label } : {};
    if (sameState(state, record.known)) {
      if (record.drifted) {
        // Back to the known state: by a pipeops request (a Revert) when one was applied since the drift began.
        const since = record.firstSeenAt ?? record.knownAt;
        const byRequest = await lastAppliedOnResource(this.#db, observed.ref, since, 0);
        const by = byRequest === null ? 'pipeline' : `#${byRequest}`;
        await updateDrift(
          this.#db,
          record,
          { ...label, drifted: null, closed: { how: 'restored', by }, revise: true },
          now,
        );
      }
      return;
    }
    if (observed.ref.type === 'event_type' && changedWithDefaultMode(record.known.snapshot, observed.snapshot)) {
      // It follows the default mode: the default mode's own request or drift (its own message) says why.
      const byDefault = await lastAppliedOnResource(this.#db, DEFAULT_MODE_REF, record.knownAt, 0);
      const by = byDefault === null ? 'read' : `#${byDefault}`;
      await updateDrift(this.#db, record, { ...label, known: { state, at: now, by } }, now);
      return;
    }
    const byRequest = await this.#explainingRequest(record, observed);
    if (byRequest !== null) {
      await updateDrift(
        this.#db,
        record,
        {
          ...label,
          known: { state, at: now, by: `#${byRequest}` },
          ...(record.drifted ? { drifted: null, closed: { how: 'restored', by: `#${byRequest}` }, revise: true } : {}),
        },
        now,
      );
      return;
    }
    if (record.drifted && sameState(state, record.drifted)) {
      await updateDrift(this.#db, record, { ...label, lastSeenAt: now }, now);
      return;
    }
    const diff = driftDiff(observed.ref.label, record.known, state);
    const starts = record.drifted === null;
    await updateDrift(
      this.#db,
      record,
      {
        ...label,
        drifted: { state, diff },
        lastSeenAt: now,
        revise: true,
        ...(starts ? { incident: record.incident + 1, firstSeenAt: now, closed: null, forgetMessage: true } : {}),
      },
      now,
    );
    this.#log.info({ resource: observed.ref, incident: record.incident + (starts ? 1 : 0) }, 'drift detected');
  }

  /**
   * The applied pipeops request that explains the change: the last one on the resource since the known state, if
   * the resource shows what it planned (in its own kind's snapshot, as its verification judged it). Null otherwise.
   */
  async #explainingRequest(record: DriftRecord, observed: ObservedResource): Promise<number | null> {
    const id = await lastAppliedOnResource(this.#db, observed.ref, record.knownAt, 0);
    if (id === null) return null;
    const request = await this.#changes.get(id);
    const kind = request ? this.#kinds.get(request.kind) : undefined;
    if (!request || !kind) return null;
    const current = await kind.load(this.#pipeline, request.resource);
    return showsPlan(request, current === null ? null : kind.snapshot(current)) ? id : null;
  }

  async #open(id: number, incident: number): Promise<DriftOutcome> {
    const record = await getDrift(this.#db, id);
    if (!record) return { type: 'refused', message: 'That drift does not exist.' };
    if (record.incident !== incident || record.drifted === null) {
      return {
        type: 'refused',
        message: `That drift of ${record.resource.label} is over (${record.closedHow ?? 'closed'}${record.closedBy ? ` by ${record.closedBy}` : ''}).`,
      };
    }
    return { type: 'decided', record };
  }

  #fingerprintKey(): Promise<Buffer> {
    this.#key ??= resolveDriftKey(this.#db, this.#keySource, this.#clock.now()).catch((error: unknown) => {
      this.#key = null;
      throw error;
    });
    return this.#key;
  }
}

/** Whether `actual` holds every value the request's plan changes (all of it, for a plan that created the resource). */
function showsPlan(request: ChangeRequest, actual: JsonValue): boolean {
  if (request.before === null || request.after === null || actual === null) return jsonEqual(actual, request.after);
  return diffJson(request.before, request.after).every((change) =>
    jsonEqual(valueAtPath(actual, change.path), change.kind === 'removed' ? undefined : change.after),
  );
}
