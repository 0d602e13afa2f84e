import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSandboxPipeline } from '../../../test/support/sandbox-test-setup.js';
import { jsonDumps, parseEventJson, parseJson } from '../../transforms/index.js';
import type { TransformStepList } from '../pipeline/transform-contract.js';
import { startSandboxPipeline } from './sandbox-pipeline.js';
import { createSeedData, SEED_EVENT_TYPE_NAMES } from './sandbox-seed.js';

/** The transform extension and samples, through the real HTTP provider against the sandbox. */

const API_KEY = 'transform-key';
const ORDERS = SEED_EVENT_TYPE_NAMES.publicOrders;
const CHECKOUT = SEED_EVENT_TYPE_NAMES.storefrontCheckout;
const steps = (text: string) => parseJson(text) as TransformStepList;

const { sandbox, pipeline, raw } = useSandboxPipeline({ apiKey: API_KEY, accountName: 'acme' });

describe('sandbox transform steps', () => {
  it('serves the seeded getting-started steps of PUBLIC.ORDERS, [] elsewhere, 404 for an unknown event type', async () => {
    const seeded = await pipeline().getTransformSteps(ORDERS);
    expect(seeded.map((step) => step.get('fn'))).toEqual([
      'convert_all_event_fields_to_snake_case',
      'flatten_json',
      'add_composite_key',
      'map_value_in_list_to_dictionary_key',
    ]);
    expect(await pipeline().getTransformSteps(SEED_EVENT_TYPE_NAMES.publicUsers)).toEqual([]);
    await expect(pipeline().getTransformSteps('NOPE')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stores steps exactly (integer-like key order, 1.0) under a name that needs quoting, and persists them', async () => {
    const text =
      '[{"fn": "map_key_in_dictionary_to_value", "args": {"mapping_dict": {"b": "bee", "2": "two", "1": "one"}, ' +
      '"existing_column": "status", "new_column": "status_name", "allow_nulls": true}}, ' +
      '{"fn": "add_columns_with_default", "args": {"field_and_default_dict": {"ratio": 1.0}}}]';

    await pipeline().setTransformSteps(CHECKOUT, steps(text));

    expect(jsonDumps(await pipeline().getTransformSteps(CHECKOUT))).toBe(text);
    expect(sandbox().getTransformSteps(CHECKOUT)).toBe(text);
    const writes = sandbox().requestLog.filter((entry) => entry.method === 'PUT');
    expect(writes.map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
      'PUT transform/steps/storefront%2Fcheckout%20completed 200',
    ]);
  });

  it('an empty list removes the steps', async () => {
    await pipeline().setTransformSteps(ORDERS, []);
    expect(await pipeline().getTransformSteps(ORDERS)).toEqual([]);
    expect(sandbox().getTransformSteps(ORDERS)).toBe('[]');
  });

  it('refuses invalid steps with 400 and the compiler’s Python-style message, storing nothing', async () => {
    const before = sandbox().getTransformSteps(ORDERS);

    await expect(pipeline().setTransformSteps(ORDERS, steps('[{"fn": "flaten_json"}]'))).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining("step 0 fn: NameError: name 'flaten_json' is not defined"),
    });
    const missing = await raw('PUT', `/rest/transform/steps/${ORDERS}`, '{"steps": [{"fn": "add_suffix"}]}');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).message).toBe(
      "step 0 args: TypeError: add_suffix() missing 2 required positional arguments: 'fields' and 'suffix'",
    );
    expect((await raw('PUT', `/rest/transform/steps/${ORDERS}`, '{"steps": [')).status).toBe(400);
    expect((await raw('PUT', `/rest/transform/steps/${ORDERS}`, '[]')).status).toBe(400);
    expect(sandbox().getTransformSteps(ORDERS)).toBe(before);
  });

  it('keeps the steps in the state file across restarts, and loads a state file written before transforms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeops-sandbox-transforms-'));
    try {
      const stateFile = join(dir, 'state.json');
      const text = '[{"fn": "add_columns_with_default", "args": {"field_and_default_dict": {"2": 1.0, "1": 2}}}]';
      const first = await startSandboxPipeline({ apiKey: API_KEY, stateFile });
      first.setTransformSteps(ORDERS, text);
      await first.close();
      const second = await startSandboxPipeline({ apiKey: API_KEY, stateFile });
      expect(second.getTransformSteps(ORDERS)).toBe(text);
      await second.close();

      const { transforms: _transforms, ...older } = createSeedData();
      writeFileSync(stateFile, JSON.stringify(older));
      const third = await startSandboxPipeline({ apiKey: API_KEY, stateFile });
      expect(third.getTransformSteps(ORDERS)).toBe('[]');
      expect(third.listSamples(ORDERS)).toEqual([]);
      await third.close();
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).not.toHaveProperty('transforms');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox samples', () => {
  it('serves the getting-started sample event shape for PUBLIC.ORDERS', async () => {
    const samples = await pipeline().listSamples(ORDERS);
    expect(samples).toHaveLength(3);
    expect(jsonDumps(samples[0] ?? null)).toBe(
      '{"myField": "stuff", "createdAt": "2019-08-01 00:00:00", "xmin::text::bigint": 123456789, "aNumber": 6, ' +
        '"id": 1, "aDictionary": {"one": "Some Stuff", "two": "More Stuff", "three": {"Another dict": ' +
        '{"Inside Three": 3.3, "More Inside Three": 3.4}}}, "_metadata": {"@uuid": "1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e", ' +
        '"event_type": "PUBLIC.ORDERS", "input_label": "production_database", "@parent_uuid": ""}}',
    );
  });

  it('keeps floats and integer-like key order, encodes the name, and answers [] for an unknown event type', async () => {
    const [first] = await pipeline().listSamples(CHECKOUT);
    expect(jsonDumps(first?.get('amount') ?? null)).toBe('25.0');
    expect(jsonDumps(first?.get('size_counts') ?? null)).toBe('{"10": 1, "8": 2}');
    expect(await pipeline().listSamples('NOPE')).toEqual([]);
    const request = sandbox().requestLog.find((entry) => entry.path === 'samples');
    expect(request?.query).toBe('eventType=storefront%2Fcheckout+completed');
  });

  it('lists every event type’s samples without eventType, and can be replaced out of band', async () => {
    const all = JSON.parse((await raw('GET', '/rest/samples')).text) as unknown[];
    expect(all).toHaveLength(10);
    sandbox().setSamples(ORDERS, ['{"b": 1, "a": NaN}']);
    expect((await pipeline().listSamples(ORDERS)).map((sample) => jsonDumps(sample))).toEqual(['{"b": 1, "a": NaN}']);
  });
});

describe('sandbox transform run', () => {
  const seededSteps = () => pipeline().getTransformSteps(ORDERS);

  it('runs the getting-started sample through the getting-started steps', async () => {
    const [sample] = await pipeline().listSamples(ORDERS);
    const result = await pipeline().runTransformSteps(await seededSteps(), sample ?? parseEventJson('{}'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events.map((event) => jsonDumps(event))).toEqual([
      '{"my_field": "stuff", "created_at": "2019-08-01 00:00:00", "xmin::text::bigint": 123456789, "a_number": 6, ' +
        '"id": 1, "_metadata": {"@uuid": "1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e", "event_type": "PUBLIC.ORDERS", ' +
        '"input_label": "production_database", "@parent_uuid": ""}, "a_dictionary_one": "Some Stuff", ' +
        '"a_dictionary_two": "More Stuff", "a_dictionary_three": "{\\"Another dict\\": {\\"Inside Three\\": 3.3, ' +
        '\\"More Inside Three\\": 3.4}}", "id_created_datetime": "1-2019-08-01 00:00:00", "number_category": "four_to_six"}',
    ]);
  });

  it('reports the failing step, its function and the Python message', async () => {
    const samples = await pipeline().listSamples(ORDERS);
    const result = await pipeline().runTransformSteps(await seededSteps(), samples[2] ?? parseEventJson('{}'));
    expect(result).toEqual({
      ok: false,
      error: { step: 2, fn: 'add_composite_key', message: "KeyError: 'created_at'" },
    });
  });

  it('returns several events for a split, and none for an empty split', async () => {
    const split = steps(
      '[{"fn": "split_field_list_to_multiple_events", "args": {"fields_to_split": ["items", "quantities"], ' +
        '"add_counter": true, "counter_name": "line"}}]',
    );
    const [checkout] = await pipeline().listSamples(CHECKOUT);
    const result = await pipeline().runTransformSteps(split, checkout ?? parseEventJson('{}'));
    // managealooma singularises the split keys by dropping their last character.
    expect(result.ok && result.events.map((event) => [event.get('item'), event.get('quantitie')])).toEqual([
      ['MUG-1', 2],
      ['TEE-3', 1],
    ]);
    const empty = await pipeline().runTransformSteps(
      split,
      parseEventJson('{"items": [], "quantities": [], "_metadata": {}}'),
    );
    expect(empty).toEqual({ ok: true, events: [] });
  });

  it('keeps NaN and integral floats across the run call, and reports an output json.dumps refuses', async () => {
    const sample = parseEventJson('{"2": NaN, "1": 1.0}');
    const result = await pipeline().runTransformSteps([], sample);
    expect(result.ok && result.events.map((event) => jsonDumps(event))).toEqual(['{"2": NaN, "1": 1.0}']);

    const tupleKeys = steps(
      '[{"fn": "flatten_json", "args": {"field_or_field_list": "a", "levels": 1, "dump_to_string": false}}]',
    );
    const refused = await pipeline().runTransformSteps(tupleKeys, parseEventJson(`{"a": "{(1, 2): 3}"}`));
    expect(refused).toEqual({
      ok: false,
      error: { step: null, fn: null, message: 'TypeError: keys must be str, int, float, bool or None, not tuple' },
    });
  });

  it('refuses invalid steps or a missing sample with 400', async () => {
    await expect(pipeline().runTransformSteps(steps('[{"fn": "nope"}]'), parseEventJson('{}'))).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining("NameError: name 'nope' is not defined"),
    });
    const noSample = await raw('POST', '/rest/transform/steps/run', '{"steps": []}');
    expect(noSample.status).toBe(400);
  });

  it('serves GET/PUT transform/steps/run for an event type named "run"', async () => {
    const answer = await raw('GET', '/rest/transform/steps/run');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text).message).toBe("No event type named 'run'");
  });
});

describe('sandbox transform controls', () => {
  it('PUT /__sandbox/transform/steps/:name replaces the steps behind pipeops’ back', async () => {
    const response = await raw('PUT', `/__sandbox/transform/steps/${ORDERS}`, '[{"fn": "mark_for_delete"}]');
    expect(response.status).toBe(200);
    expect(sandbox().getTransformSteps(ORDERS)).toBe('[{"fn": "mark_for_delete"}]');
    expect(sandbox().requestLog).toEqual([]);
  });
});
