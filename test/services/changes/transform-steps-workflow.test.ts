import { expect, it } from 'vitest';
import { SEED_EVENT_TYPE_NAMES } from '../../../src/services/sandbox/sandbox-seed.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { requestAudit, useWorkflowWorld } from '../../support/workflow-world.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;

/** The seeded getting-started steps of PUBLIC.ORDERS with add_composite_key reading `id` and `my_field` instead. */
const NEW_STEPS = `[
  {"fn": "convert_all_event_fields_to_snake_case"},
  {"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1, "keep_original": false, "dump_to_string": true}},
  {"fn": "add_composite_key", "args": {"field_list": ["id", "my_field"], "key_name": "id_created_datetime"}},
  {"fn": "map_value_in_list_to_dictionary_key", "args": {"mapping_dict_with_lists": {"one_to_three": [1, 2, 3], "four_to_six": [4, 5, 6]}, "existing_column": "a_number", "new_column": "number_category", "allow_nulls": true, "passthrough": true}}
]`;

describeEachBackend('transform.steps change requests', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const propose = (steps = NEW_STEPS, eventType: string = ORDERS) =>
    world.services.changes.propose('transform.steps', { eventType, steps }, ALICE);
  const stepWrites = () =>
    world.sandbox.requestLog.filter((e) => e.method === 'PUT' && e.path.startsWith('transform/'));

  it('plans a dry run: the steps as Python calls in the diff, and the effect on every sample stored with it', async () => {
    const request = await propose();

    expect(request).toMatchObject({
      status: 'pending',
      kind: 'transform.steps',
      title: `Set the transform steps of ${ORDERS} (4 steps)`,
      resource: { type: 'transform_steps', id: ORDERS, label: ORDERS },
    });
    expect(request.diff).toContain(
      `-    "add_composite_key(event, field_list=['id', 'created_at'], key_name='id_created_datetime')",`,
    );
    expect(request.diff).toContain(
      `+    "add_composite_key(event, field_list=['id', 'my_field'], key_name='id_created_datetime')",`,
    );
    const stored = await world.services.changes.get(request.id);
    expect(stored?.preview).toEqual({
      title: 'Effect on 3 samples',
      summary: '3 of 3 outputs change · errors 1 → 0',
      items: [
        {
          label: 'sample 1 (1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e)',
          lines: ['~ id_created_datetime: "1-2019-08-01 00:00:00" → "1-stuff"'],
        },
        {
          label: 'sample 2 (2b2b2b-3c3c-4d4d-5e5e-6f6f6f6f6f)',
          lines: ['~ id_created_datetime: "2-2019-08-02 10:15:00" → "2-more stuff"'],
        },
        {
          label: 'sample 3 (3c3c3c-4d4d-5e5e-6f6f-7a7a7a7a7a)',
          lines: [
            "✓ error fixed (was step 2 add_composite_key: KeyError: 'created_at'); now, against the sample:",
            '  » myField → my_field',
            '  » aNumber → a_number',
            '  - aDictionary: {"one": "Stuff", "two": "Stuff", "three": {"Another dict": {"Inside Three": 1.0}}}',
            '  + a_dictionary_one: "Stuff"',
            '  + a_dictionary_two: "Stuff"',
            '  + a_dictionary_three: "{\\"Another dict\\": {\\"Inside Three\\": 1.0}}"',
            '  + id_created_datetime: "3-late stuff"',
            '  + number_category: 9',
          ],
        },
      ],
    });
    expect(stepWrites()).toEqual([]);
    const [proposed] = await requestAudit(world, request.id);
    expect(proposed?.detail).toBe('Effect on 3 samples: 3 of 3 outputs change · errors 1 → 0');
  });

  it('keeps Python semantics of the new steps through the stored params to the pipeline', async () => {
    const steps =
      '[{"fn": "add_columns_with_default", "args": {"field_and_default_dict": {"2": 1.0, "10": 2, "b": true}}}]';
    const request = await propose(steps, SEED_EVENT_TYPE_NAMES.publicUsers);
    expect(request.diff).toContain(
      `"add_columns_with_default(event, field_and_default_dict={'2': 1.0, '10': 2, 'b': True})"`,
    );

    const outcome = await world.services.changes.approve(request.id, BOB);

    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'applied' } });
    expect(world.sandbox.getTransformSteps(SEED_EVENT_TYPE_NAMES.publicUsers)).toBe(steps);
  });

  it('applies once when a second user approves, and verifies by reading the steps back', async () => {
    const request = await propose();
    expect(await world.services.changes.approve(request.id, ALICE)).toMatchObject({ reason: 'self_approval' });

    const outcome = await world.services.changes.approve(request.id, BOB);

    expect(outcome).toMatchObject({ type: 'decided', request: { status: 'applied', decidedBy: BOB } });
    expect(stepWrites().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'PUT transform/steps/PUBLIC.ORDERS 200',
    ]);
    expect(world.sandbox.getTransformSteps(ORDERS)).toContain('"field_list": ["id", "my_field"]');
    expect(await world.services.changes.approve(request.id, 'UCAROL')).toMatchObject({ reason: 'not_pending' });
    expect(stepWrites()).toHaveLength(1);
  });

  it('refuses a stale plan when the steps changed meanwhile, writing nothing', async () => {
    const request = await propose();
    world.sandbox.setTransformSteps(ORDERS, '[{"fn": "convert_all_event_fields_to_snake_case"}]');

    const outcome = await world.services.changes.approve(request.id, BOB);

    expect(outcome).toMatchObject({
      type: 'decided',
      request: { status: 'stale', error: expect.stringMatching(/changed since this plan was made \(steps\)/) },
    });
    expect(stepWrites()).toEqual([]);
    expect(world.sandbox.getTransformSteps(ORDERS)).toBe('[{"fn": "convert_all_event_fields_to_snake_case"}]');
  });

  it('refuses invalid steps, no-op changes and unknown event types at proposal', async () => {
    await expect(propose('[{"fn": "flaten_json"}]')).rejects.toThrow(
      "Invalid steps:\nstep 0 fn: NameError: name 'flaten_json' is not defined",
    );
    await expect(propose(world.sandbox.getTransformSteps(ORDERS))).rejects.toThrow(/would not change anything/);
    await expect(propose('[]', 'NOPE')).rejects.toThrow('No event type named `NOPE`.');
  });

  it('still plans when the preview cannot run, and says why in the preview', async () => {
    world.sandbox.injectFault({ method: 'GET', path: 'samples', status: 500, body: { message: 'samples down' } });

    const request = await propose();

    expect(request.status).toBe('pending');
    expect(request.preview?.summary).toMatch(/^The preview could not be computed: The pipeline failed on GET samples/);
  });
});
