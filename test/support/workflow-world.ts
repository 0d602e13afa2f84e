import type { MemberDirectory } from '../../src/services/access/access-policy.js';
import type { Database } from '../../src/services/db/database.js';
import { createHttpPipelineProvider } from '../../src/services/pipeline/http-provider.js';
import type { PipelineProvider } from '../../src/services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';
import { createServices, type Services, type ServicesOptions } from '../../src/services/services.js';
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
