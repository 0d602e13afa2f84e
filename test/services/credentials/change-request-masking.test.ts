import { expect, it } from 'vitest';
import { SEED_EVENT_TYPE_NAMES } from '../../../src/services/sandbox/sandbox-seed.js';
import { describeEachBackend, publicTables, useTestDatabase } from '../../support/database/index.js';
import { useWorkflowWorld } from '../../support/workflow-world.js';

/**
 * The change workflow masks what it stores whatever a kind masks itself: the snapshots and diff, the title, the
 * preview (sample events), and every audit row. transform.steps masks nothing of its own, so its preview shows it;
 * consolidation snapshots neither, so a revert from one would write the mask back, which the workflow refuses.
 */

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const USERS = SEED_EVENT_TYPE_NAMES.publicUsers;
const INPUT = 'storefront_webhook';

/** The seeded steps with add_composite_key reading `id` and `my_field`: fixes sample 3, whose whole output shows. */
const NEW_STEPS = `[
  {"fn": "convert_all_event_fields_to_snake_case"},
  {"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1, "keep_original": false, "dump_to_string": true}},
  {"fn": "add_composite_key", "args": {"field_list": ["id", "my_field"], "key_name": "id_created_datetime"}},
  {"fn": "map_value_in_list_to_dictionary_key", "args": {"mapping_dict_with_lists": {"one_to_three": [1, 2, 3], "four_to_six": [4, 5, 6]}, "existing_column": "a_number", "new_column": "number_category", "allow_nulls": true, "passthrough": true}}
]`;

describeEachBackend('change requests store credentials masked, whatever the kind masks (issue 7 §4)', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  async function everyRow(): Promise<string> {
    const dumps = await Promise.all(
      (await publicTables(db())).map(async (table) =>
        JSON.stringify((await db().query(`SELECT * FROM ${table}`)).rows),
      ),
    );
    return dumps.join('\n');
  }

  it('masks sample events in a transform preview: on the request, in its row and in the audit', async () => {
    const samples = world.sandbox.listSamples(ORDERS);
    const third = samples[2] ?? '';
    expect(third).toContain('"aDictionary": {"one": "Stuff"');
    world.sandbox.setSamples(ORDERS, [
      ...samples.slice(0, 2),
      third.replace(
        '"aDictionary": {"one": "Stuff"',
        '"aDictionary": {"password": "pw-preview-canary-1", "server": "postgres://etl:pw-preview-canary-2@db/app", "one": "Stuff"',
      ),
    ]);

    const request = await world.services.changes.propose(
      'transform.steps',
      { eventType: ORDERS, steps: NEW_STEPS },
      ALICE,
    );

    const preview = JSON.stringify(request.preview);
    // The fields are shown, so the canaries were there to leak.
    expect(preview).toContain('a_dictionary_password');
    expect(preview).toContain('postgres://etl:••••••@db/app');
    const stored = JSON.stringify([request, await everyRow(), await world.services.audit.list({ limit: 100 })]);
    for (const canary of ['pw-preview-canary-1', 'pw-preview-canary-2']) expect(stored).not.toContain(canary);
  });

  it('refuses to write a masked credential back: a revert built from a masked snapshot fails, the value stays', async () => {
    const [seeded] = await world.pipeline.listConsolidations(USERS);
    if (!seeded) throw new Error('the seed has no consolidation of PUBLIC.USERS');
    await world.pipeline.removeConsolidation(String(seeded.id));
    const customVariables = { ri_field: '_metadata.@timestamp', db_password: 'pw-consolidation-canary' };
    await world.pipeline.createConsolidation({
      event_type: USERS,
      run_at: '0 * * * *',
      query_type: seeded.query_type ?? 'incremental',
      deployment_name: seeded.deployment_name ?? '',
      custom_variables: customVariables,
    });
    const change = await world.services.changes.propose(
      'consolidation.cron',
      { event: USERS, cron: '0 */2 * * *' },
      ALICE,
    );
    expect(JSON.stringify(change.before)).toContain('"db_password":"••••••"');
    expect((await world.services.changes.approve(change.id, BOB)).type).toBe('decided');
    const rescheduled = await world.pipeline.listConsolidations(USERS);
    expect(rescheduled[0]?.custom_variables).toEqual(customVariables);

    const revert = await world.services.reverts.propose(change.id, BOB);
    const outcome = await world.services.changes.approve(revert.id, ALICE);

    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'failed' } });
    expect(outcome.type === 'decided' ? outcome.request.error : '').toContain('masked credential');
    const [now] = await world.pipeline.listConsolidations(USERS);
    expect(now).toMatchObject({ schedule: { cron: '0 */2 * * *' }, custom_variables: customVariables });
  });

  it('refuses an `input set` value that holds a credential: nothing is stored, the value is in no row', async () => {
    const value = 'postgres://etl:pw-title-canary@db.internal:5432/app';
    await expect(
      world.services.changes.propose('input.set', { input: INPUT, path: 'server_url', value }, ALICE),
    ).rejects.toThrow(/looks like it holds a credential/);
    expect(await world.services.changes.listPending()).toEqual([]);
    const audit = await world.services.audit.list({ resource: INPUT, limit: 100 });
    expect(JSON.stringify(audit)).not.toContain('pw-title-canary');
  });
});
