import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../../src/services/db/database.js';
import { createHttpPipelineProvider } from '../../../src/services/pipeline/http-provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../../src/services/sandbox/sandbox-pipeline.js';
import { createSealedBox } from '../../../src/services/secrets/sealed-box.js';
import { createServices, type Services } from '../../../src/services/services.js';
import { UserError } from '../../../src/services/user-error.js';
import { describeEachBackend, publicTables, truncateAllTables, useTestDatabase } from '../../support/database/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { noGroups, pipelineWrites } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const CAROL = 'UCAROL';
const TTL_MS = 60 * 60_000;

/**
 * The secret kinds on the service layer over a real database and the sandbox over loopback HTTP: set (sealed) and
 * delete (destructive), and the canary: a value proposed through every ending (applied, failed during the apply,
 * rejected, cancelled, expired) is found in no row of any table afterwards, and only encrypted while pending.
 */
describeEachBackend('secret change kinds (sealed set, destructive delete)', (backend) => {
  const db = useTestDatabase(backend);
  let sandbox: SandboxPipeline;
  let services: Services;
  let clock: FakeClock;
  const canary = () => `canary-${backend}-${randomBytes(6).toString('hex')}`;

  async function start(options: { sealing?: boolean } = {}) {
    await truncateAllTables(db());
    sandbox = await startSandboxPipeline({ apiKey: 'test-key' });
    const pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: 'test-key', retries: 0 });
    clock = new FakeClock();
    services = createServices({
      db: db() as Database,
      pipeline,
      access: { proposers: [], approvers: [] },
      directory: noGroups,
      clock,
      changeTtlMs: TTL_MS,
      logger: { info() {}, warn() {}, error() {} },
      workflow: options.sealing === false ? {} : { sealedBox: createSealedBox(randomBytes(32).toString('hex')) },
    });
  }

  afterEach(async () => {
    await sandbox.close();
  });

  async function dump(): Promise<string> {
    const tables = await publicTables(db());
    const rows = await Promise.all(
      tables.map(async (t) => JSON.stringify((await db().query(`SELECT * FROM ${t}`)).rows)),
    );
    return rows.join('\n');
  }

  const propose = (name: string, value: string) =>
    services.changes.propose('secret.set', { name }, ALICE, { sealed: value });

  it('set a new secret: snapshot has the name and a masked value, preview `+ NAME (new)`, apply writes it', async () => {
    await start();
    const value = canary();
    const request = await propose('NEW_SECRET', value);
    expect(request.title).toBe('Set secret NEW_SECRET');
    expect(request.preview?.summary).toBe('+ NEW_SECRET (new)');
    expect(request.after).toEqual({ name: 'NEW_SECRET', value: '••••••' });
    const pending = await dump();
    expect(pending).not.toContain(value);
    expect(pending).toMatch(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+/);

    const outcome = await services.changes.approve(request.id, BOB);
    expect(outcome.type === 'decided' && outcome.request.status).toBe('applied');
    expect(sandbox.secretHasValue('NEW_SECRET', value)).toBe(true);
    const after = await dump();
    expect(after).not.toContain(value);
    expect(after).not.toMatch(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\./);
  });

  it('replacing an existing secret is a change although the snapshots are equal: `~ NAME (value replaced)`', async () => {
    await start();
    const value = canary();
    const request = await propose('my_password', value);
    expect(request.preview?.summary).toBe('~ my_password (value replaced)');
    await services.changes.approve(request.id, BOB);
    expect(sandbox.secretHasValue('my_password', value)).toBe(true);
  });

  it.each([
    ['rejected', async (id: number) => services.changes.reject(id, BOB)],
    ['cancelled', async (id: number) => services.changes.cancel(id, ALICE)],
    [
      'expired',
      async () => {
        clock.advance(TTL_MS + 1);
        await services.changes.expireDue();
      },
    ],
    [
      'failed during the apply',
      async (id: number) => {
        sandbox.injectFault({ method: 'PUT', path: 'secrets', status: 400, times: 1 });
        return services.changes.approve(id, BOB);
      },
    ],
  ])(
    '%s: nothing written (or the write refused), and the value is in no table, not even encrypted',
    async (ending, close) => {
      await start();
      const value = canary();
      const request = await propose('CLOSED_SECRET', value);
      await close(request.id);
      const closed = await services.changes.get(request.id);
      expect(closed?.status).toBe(ending === 'failed during the apply' ? 'failed' : ending);
      expect(sandbox.listSecretNames()).not.toContain('CLOSED_SECRET');
      const rows = await dump();
      expect(rows).not.toContain(value);
      expect(rows).not.toMatch(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\./);
    },
  );

  it('a 500 during the apply leaves the outcome unknown; the value is not in any table in plain text', async () => {
    await start();
    const value = canary();
    const request = await propose('UNKNOWN_SECRET', value);
    sandbox.injectFault({ method: 'PUT', path: 'secrets', status: 500, times: 1 });
    await services.changes.approve(request.id, BOB);
    expect((await services.changes.get(request.id))?.status).toBe('unknown');
    expect(await dump()).not.toContain(value);
  });

  it('is refused without a sealing key, and without a value', async () => {
    await start({ sealing: false });
    await expect(propose('X', 'v')).rejects.toThrow(/PIPEOPS_SECRETS_KEY is not configured/);
    await start();
    await expect(services.changes.propose('secret.set', { name: 'X' }, ALICE)).rejects.toBeInstanceOf(UserError);
    await expect(propose('bad-name', 'v')).rejects.toThrow(/secret name/);
  });

  it('becomes stale when the secret is created behind pipeops’ back before the apply', async () => {
    await start();
    const request = await propose('RACED', canary());
    await fetch(`${sandbox.url}/rest/secrets`, {
      method: 'PUT',
      headers: { authorization: 'API test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ RACED: 'someone else' }),
    });
    const outcome = await services.changes.approve(request.id, BOB);
    expect(outcome.type === 'decided' && outcome.request.status).toBe('stale');
    expect(sandbox.secretHasValue('RACED', 'someone else')).toBe(true);
  });

  it('delete: destructive, two approvals by people other than the requester, then DELETE; unknown names refused', async () => {
    await start();
    expect(services.changes.approvalsRequired('secret.delete')).toBe(2);
    const request = await services.changes.propose('secret.delete', { name: 'my_user' }, ALICE);
    expect(request.title).toBe('Delete secret my_user');
    expect(request.after).toBeNull();
    await services.changes.approve(request.id, BOB);
    expect(sandbox.listSecretNames()).toContain('my_user');
    const outcome = await services.changes.approve(request.id, CAROL);
    expect(outcome.type === 'decided' && outcome.request.status).toBe('applied');
    expect(sandbox.listSecretNames()).toEqual(['my_password']);
    expect(pipelineWrites(sandbox).map((w) => `${w.method} ${w.path}`)).toEqual(['DELETE secrets/my_user']);
    await expect(services.changes.propose('secret.delete', { name: 'my_passwrd' }, ALICE)).rejects.toThrow(
      'No secret named `my_passwrd`. Did you mean `my_password`?',
    );
  });
});
