import { afterEach, beforeEach } from 'vitest';
import type { MemberDirectory } from '../../src/services/access/access-policy.js';
import type { AuditEntry } from '../../src/services/audit/audit-log.js';
import type { ChangeRequest } from '../../src/services/changes/change-request.js';
import type { Database } from '../../src/services/db/database.js';
import { createHttpPipelineProvider } from '../../src/services/pipeline/http-provider.js';
import type { PipelineProvider } from '../../src/services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { createServices, type Services, type ServicesOptions } from '../../src/services/services.js';
import { truncateAllTables } from './database/index.js';
import { FakeClock } from './fake-clock.js';

export interface WorldOptions {
  proposers?: string[];
  approvers?: string[];
  directory?: MemberDirectory;
  ttlMs?: number;
  /** Provider timeout, small in tests that provoke a timeout. */
  timeoutMs?: number;
  retries?: number;
  /** The change workflow's tuning; tests default to quick reconciliation that decides at once. */
  workflow?: ServicesOptions['workflow'];
}

/** The service layer over a real database and a real sandbox pipeline reached over loopback HTTP. */
export interface WorkflowWorld {
  sandbox: SandboxPipeline;
  pipeline: PipelineProvider;
  clock: FakeClock;
  services: Services;
  close(): Promise<void>;
}

export const noGroups: MemberDirectory = {
  async groupMembers(groupId) {
    throw new Error(`no such group ${groupId}`);
  },
};

export async function startWorkflowWorld(db: Database, options: WorldOptions = {}): Promise<WorkflowWorld> {
  const sandbox = await startSandboxPipeline({ apiKey: 'test-key' });
  const pipeline = createHttpPipelineProvider({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    timeoutMs: options.timeoutMs ?? 5_000,
    retries: options.retries ?? 0,
    retryBaseDelayMs: 1,
  });
  const clock = new FakeClock();
  const services = createServices({
    db,
    pipeline,
    access: { proposers: options.proposers ?? [], approvers: options.approvers ?? [] },
    directory: options.directory ?? noGroups,
    clock,
    changeTtlMs: options.ttlMs ?? 60 * 60_000,
    logger: { info() {}, warn() {}, error() {} },
    workflow: {
      instanceId: 'test-process',
      lockWaitMs: 10_000,
      ...options.workflow,
      reconcile: { attempts: 3, delayMs: 10, settleAfterMs: 0, ...options.workflow?.reconcile },
    },
  });
  return { sandbox, pipeline, clock, services, close: () => sandbox.close() };
}

/** Pipeline writes the sandbox has answered (pauses, input and mapping updates), for "changed once" checks. */
export function pipelineWrites(sandbox: SandboxPipeline) {
  return sandbox.requestLog.filter((entry) => entry.method !== 'GET');
}

/** The world of the running test, plus a restart for tests that need other options than the suite's. */
export interface WorkflowWorldHook extends WorkflowWorld {
  /**
   * Closes the test's world and starts another over the same database (tables kept), with `options` over the
   * suite's: top-level fields replace, `workflow` fields merge (so a suite's sealing key survives a restart).
   */
  restart(options?: WorldOptions): Promise<WorkflowWorld>;
}

/**
 * Per-test workflow world for a describe block: empties the tables and starts a world before each test, closes it
 * after. The returned object reads through to the current world, so suites keep writing `world.services…`.
 * `options` may be a function, called before each test, for values that should be fresh per test (a sealing key).
 */
export function useWorkflowWorld(
  db: () => Database,
  options: WorldOptions | (() => WorldOptions) = {},
): WorkflowWorldHook {
  let current: WorkflowWorld | undefined;
  let suiteOptions: WorldOptions = {};
  const started = (): WorkflowWorld => {
    if (!current) throw new Error('The workflow world runs only inside tests (after beforeEach).');
    return current;
  };
  async function start(extra: WorldOptions = {}): Promise<WorkflowWorld> {
    await closeCurrent();
    const merged = { ...suiteOptions, ...extra, workflow: { ...suiteOptions.workflow, ...extra.workflow } };
    current = await startWorkflowWorld(db(), merged);
    return current;
  }
  async function closeCurrent(): Promise<void> {
    const closing = current;
    current = undefined;
    await closing?.close();
  }
  beforeEach(async () => {
    suiteOptions = typeof options === 'function' ? options() : options;
    await truncateAllTables(db());
    await start();
  });
  afterEach(closeCurrent);
  return {
    get sandbox() {
      return started().sandbox;
    },
    get pipeline() {
      return started().pipeline;
    },
    get clock() {
      return started().clock;
    },
    get services() {
      return started().services;
    },
    close: closeCurrent,
    restart: start,
  };
}

/** A change request's audit entries, newest first; the limit is above what any one request here records. */
export function requestAudit(world: WorkflowWorld, requestId: number): Promise<AuditEntry[]> {
  return world.services.audit.list({ resource: `#${requestId}`, limit: 50 });
}

/** The request's audit trail as action names, oldest first, the order the workflow took them. */
export async function auditActions(world: WorkflowWorld, requestId: number): Promise<string[]> {
  return (await requestAudit(world, requestId)).map((entry) => entry.action).reverse();
}

/** Approves as `by` and returns the decided request; a refusal throws, so the test stops at the cause. */
export async function approveOrThrow(world: WorkflowWorld, request: ChangeRequest, by: string): Promise<ChangeRequest> {
  const outcome = await world.services.changes.approve(request.id, by);
  if (outcome.type !== 'decided') throw new Error(`approval refused: ${outcome.message}`);
  return outcome.request;
}

/** Approves as each of `approvers` in turn until the request leaves `pending` (destructive kinds need two). */
export async function approveUntilDecided(
  world: WorkflowWorld,
  request: ChangeRequest,
  approvers: readonly string[],
): Promise<ChangeRequest> {
  let current = request;
  for (const approver of approvers) {
    current = await approveOrThrow(world, current, approver);
    if (current.status !== 'pending') return current;
  }
  return current;
}

/** Edits a consolidation query behind pipeops' back; the sandbox offers this only over HTTP (`/__sandbox/`). */
export function patchSandboxConsolidation(sandbox: SandboxPipeline, id: number, patch: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/__sandbox/consolidations/${id}`, {
    method: 'PATCH',
    headers: { authorization: `API ${sandbox.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
}
