import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../src/services/changes/change-request.js';
import { CREATE_POLL } from '../../../src/services/changes/kinds/inputs.js';
import { createPipelineCatalogs } from '../../../src/services/pipeline-catalogs.js';
import type { SandboxPipeline } from '../../../src/services/sandbox/sandbox-pipeline.js';
import { createSealedBox } from '../../../src/services/secrets/sealed-box.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { pipelineWrites, requestAudit, useWorkflowWorld, type WorkflowWorld } from '../../support/workflow-world.js';

/**
 * Every change kind of issue 9 through the whole workflow against the sandbox, one table row per kind: propose (dry
 * run, nothing written), self-approval refused, the approvals it needs (two people for destructive kinds), applied and
 * read back; stale after an out-of-band edit; failed on a 500 and on a timeout; failed when the pipeline says yes but
 * does nothing (verification).
 */

const ALICE = 'UALICE';
const APPROVERS = ['UBOB', 'UCAROL'];
const CREDENTIAL = 'kind-table-credential-value';

interface KindRow {
  kind: string;
  params(world: WorkflowWorld): Promise<unknown> | unknown;
  sealed?: string;
  approvals: 1 | 2;
  /** The pipeline shows the change (read from the sandbox's own state, not through pipeops). */
  applied(sandbox: SandboxPipeline): void;
  /** Someone changes the resource behind pipeops' back. */
  outOfBand(sandbox: SandboxPipeline): void;
  /** The write this kind makes (method and path relative to the REST root). */
  write: { method: string; path: string | RegExp };
  /**
   * A write with its own long deadline (clear-stats: 300 s) times out here as a gateway's 504 does; its client-side
   * deadline is tested against nock (http-provider-plumbing.test.ts).
   */
  longDeadline?: boolean;
  /**
   * A credential cannot be read back: a write the pipeline answers but ignores cannot be told from one it took, so
   * no verification row (the card and the README say so).
   */
  unverifiable?: boolean;
}

const tablesOf = (sandbox: SandboxPipeline, input: string) =>
  JSON.parse(String(sandbox.getInput(input).configuration?.tables)) as Record<string, string>;
const setBatchSize = (sandbox: SandboxPipeline, input: string) =>
  sandbox.updateInput(input, (found) => ({ ...found, configuration: { ...found.configuration, batch_size: 7 } }));
const exists = (read: () => unknown) => {
  try {
    read();
    return true;
  } catch {
    return false;
  }
};

const rows: KindRow[] = [
  {
    kind: 'input.create',
    params: (world) =>
      createPipelineCatalogs(world.pipeline).plumbing.planNewInput({
        name: 'orders_replica',
        from: 'production_database',
        tables: ['orders'],
      }),
    approvals: 1,
    applied: (sandbox) => expect(sandbox.getInput('orders_replica').type).toBe('ODBC'),
    outOfBand: (sandbox) => sandbox.createInput({ name: 'orders_replica', type: 'ODBC', configuration: {} }),
    write: { method: 'POST', path: 'plumbing/inputs' },
  },
  {
    kind: 'input.set',
    params: () => ({ input: 'production_database', path: 'port', value: '6543' }),
    approvals: 1,
    applied: (sandbox) => expect(sandbox.getInput('production_database').configuration?.port).toBe(6543),
    outOfBand: (sandbox) => setBatchSize(sandbox, 'production_database'),
    write: { method: 'PUT', path: /^inputs\// },
  },
  {
    kind: 'input.set-credential',
    params: () => ({ input: 'production_database', path: 'password' }),
    sealed: CREDENTIAL,
    unverifiable: true,
    approvals: 1,
    applied: (sandbox) => expect(sandbox.getInput('production_database').configuration?.password).toBe(CREDENTIAL),
    outOfBand: (sandbox) => setBatchSize(sandbox, 'production_database'),
    write: { method: 'PUT', path: /^inputs\// },
  },
  {
    kind: 'input.add-tables',
    params: () => ({ input: 'source_tWO', tables: ['invoices'] }),
    approvals: 1,
    applied: (sandbox) => expect(tablesOf(sandbox, 'source_tWO')).toHaveProperty('invoices'),
    outOfBand: (sandbox) => setBatchSize(sandbox, 'source_tWO'),
    write: { method: 'PUT', path: /^inputs\// },
  },
  {
    kind: 'input.auto-map',
    params: () => ({ input: 'storefront_webhook', on: true }),
    approvals: 1,
    applied: (sandbox) => expect(sandbox.getInput('storefront_webhook').configuration?.auto_map).toBe('true'),
    outOfBand: (sandbox) => setBatchSize(sandbox, 'storefront_webhook'),
    write: { method: 'PUT', path: /^inputs\// },
  },
  {
    kind: 'input.add-template',
    params: () => ({ input: 'mixpanel_engage_one', parameter: 'session_id', template: '%Y-%m-%d' }),
    approvals: 1,
    applied: (sandbox) => {
      const parameters = sandbox.getInput('mixpanel_engage_one').configuration?.parameters as {
        parameter: string;
        template?: string;
      }[];
      expect(parameters.find((p) => p.parameter === 'session_id')?.template).toBe('%Y-%m-%d');
    },
    outOfBand: (sandbox) => setBatchSize(sandbox, 'mixpanel_engage_one'),
    write: { method: 'PUT', path: /^inputs\// },
  },
  {
    kind: 'input.delete',
    params: () => ({ input: 'storefront_webhook' }),
    approvals: 2,
    applied: (sandbox) => expect(exists(() => sandbox.getInput('storefront_webhook'))).toBe(false),
    outOfBand: (sandbox) => setBatchSize(sandbox, 'storefront_webhook'),
    write: { method: 'POST', path: /^plumbing\/nodes\/remove\// },
  },
  {
    kind: 'event.delete',
    params: () => ({ event: 'SOURCE_TWO.TABLE_ONE' }),
    approvals: 2,
    applied: (sandbox) => expect(exists(() => sandbox.getEventType('SOURCE_TWO.TABLE_ONE'))).toBe(false),
    outOfBand: (sandbox) => sandbox.setMappingMode('SOURCE_TWO.TABLE_ONE', 'FLEXIBLE'),
    write: { method: 'DELETE', path: /^event-types\/SOURCE_TWO\.TABLE_ONE$/ },
  },
  {
    kind: 'event.clear-stats',
    params: () => ({ event: 'storefront/checkout completed' }),
    approvals: 1,
    applied: (sandbox) =>
      expect(sandbox.getEventType('storefront/checkout completed').fields?.map((f) => f.fieldName)).not.toContain(
        'coupon_code',
      ),
    outOfBand: (sandbox) => sandbox.setMappingMode('storefront/checkout completed', 'FLEXIBLE'),
    write: { method: 'DELETE', path: /\/clear-stats$/ },
    longDeadline: true,
  },
  {
    kind: 'default-mode.set',
    params: () => ({ mode: 'STRICT' }),
    approvals: 1,
    applied: (sandbox) => expect(sandbox.getDefaultMappingMode()).toBe('STRICT'),
    outOfBand: (sandbox) => sandbox.setDefaultMappingMode('FLEXIBLE'),
    write: { method: 'POST', path: 'mapping-mode' },
  },
];

describeEachBackend('issue 9 change kinds, one workflow table', (backend) => {
  const db = useTestDatabase(backend, { poolSize: 10 });
  const world = useWorkflowWorld(db, () => ({
    // Generous for reads on a loaded machine; the timeout rows hold the write for longer.
    timeoutMs: 1_000,
    workflow: { sealedBox: createSealedBox(randomBytes(32).toString('hex')) },
  }));
  const poll = { ...CREATE_POLL };

  // input.create polls GET inputs for the new input (10 × 1 s in production): quick here.
  beforeAll(() => {
    CREATE_POLL.delayMs = 5;
  });
  afterAll(() => {
    Object.assign(CREATE_POLL, poll);
  });

  const writes = () => pipelineWrites(world.sandbox);

  async function propose(row: KindRow): Promise<ChangeRequest> {
    const request = await world.services.changes.propose(
      row.kind,
      await row.params(world),
      ALICE,
      row.sealed ? { sealed: row.sealed } : undefined,
    );
    expect(request.approvalsRequired).toBe(row.approvals);
    expect(writes()).toEqual([]);
    return request;
  }

  /** The approvals the row needs, by people other than the requester; the final outcome. */
  async function approveAll(row: KindRow, request: ChangeRequest): Promise<ChangeRequest> {
    let last: ChangeRequest | null = null;
    for (const user of APPROVERS.slice(0, row.approvals)) {
      const outcome = await world.services.changes.approve(request.id, user);
      if (outcome.type !== 'decided') throw new Error(`approval by ${user} refused: ${outcome.message}`);
      last = outcome.request;
      if (last.status === 'pending') expect(writes()).toEqual([]);
    }
    if (!last) throw new Error('no approval');
    return last;
  }

  for (const row of rows) {
    describe(row.kind, () => {
      it('dry run, self-approval refused, approved by others, applied once and read back', async () => {
        const request = await propose(row);
        expect(request.diff.length + (request.preview?.summary.length ?? 0)).toBeGreaterThan(0);
        await expect(world.services.changes.approve(request.id, ALICE)).resolves.toMatchObject({
          type: 'refused',
          reason: 'self_approval',
        });
        expect(writes()).toEqual([]);
        const outcome = await approveAll(row, request);
        expect(outcome, outcome.error ?? '').toMatchObject({ status: 'applied' });
        row.applied(world.sandbox);
        const written = writes().filter((entry) => entry.method === row.write.method);
        expect(written.filter((entry) => matches(row.write.path, entry.path))).toHaveLength(1);
        const audit = await requestAudit(world, request.id);
        expect(audit.map((entry) => entry.action)).toContain('applied');
      });

      it('stale after an out-of-band edit: nothing written', async () => {
        const request = await propose(row);
        row.outOfBand(world.sandbox);
        world.sandbox.clearRequestLog();
        const outcome = await approveAll(row, request);
        expect(outcome.status).toBe('stale');
        expect(outcome.error).toMatch(/Nothing was applied/);
        expect(writes()).toEqual([]);
      });

      it('failed, with the reason, when the pipeline answers 500', async () => {
        const request = await propose(row);
        world.sandbox.injectFault({ ...row.write, status: 500, times: 1 });
        const outcome = await approveAll(row, request);
        expect(outcome.status).toBe('failed');
        expect(outcome.error).toMatch(/HTTP 500/);
        expect(() => row.applied(world.sandbox)).toThrow();
      });

      it('failed, saying so, when the write times out and does not land', async () => {
        const request = await propose(row);
        world.sandbox.injectFault(
          row.longDeadline
            ? { ...row.write, status: 504, times: 1 }
            : { ...row.write, delayMs: 2_500, status: 503, times: 1 },
        );
        const outcome = await approveAll(row, request);
        expect(outcome.status).toBe('failed');
        expect(outcome.error).toMatch(/timed out/);
      });

      if (row.unverifiable) return;
      it('failed by verification when the pipeline says yes but changes nothing', async () => {
        const request = await propose(row);
        world.sandbox.injectFault({ ...row.write, status: 200, body: {}, times: 1 });
        const outcome = await approveAll(row, request);
        expect(outcome.status).toBe('failed');
        expect(outcome.error).toMatch(/verification failed|did not appear|before the change|not applied/);
      });
    });
  }
});

function matches(pattern: string | RegExp, path: string): boolean {
  const relative = path.replace(/^\/?(rest\/)?/, '').replace(/\?.*$/, '');
  return typeof pattern === 'string'
    ? relative === pattern
    : pattern.test(relative) || pattern.test(decodeURIComponent(relative));
}
