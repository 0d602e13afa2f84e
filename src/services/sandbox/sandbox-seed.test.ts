import { describe, expect, it } from 'vitest';
import { SandboxDataSchema } from './sandbox-data.js';
import { createSeedData, SEED_EVENT_TYPE_NAMES, SEED_INPUT_IDS } from './sandbox-seed.js';

describe('sandbox seed', () => {
  it('is valid sandbox state, unchanged by validation', () => {
    const seed = createSeedData();

    expect(SandboxDataSchema.parse(seed)).toEqual(seed);
  });

  it('has the documented stable ids and names, unique input names, and consistent input references', () => {
    const seed = createSeedData();
    const inputs = Object.values(seed.inputs);

    expect(Object.keys(seed.inputs)).toEqual(Object.values(SEED_INPUT_IDS));
    expect(Object.keys(seed.eventTypes)).toEqual(Object.values(SEED_EVENT_TYPE_NAMES));
    expect(new Set(inputs.map((input) => input.name)).size).toBe(inputs.length);
    for (const eventType of Object.values(seed.eventTypes)) {
      const [inputId] = Object.keys(eventType.inputObjects as object);
      expect(seed.inputs[inputId ?? '']?.name, eventType.name).toBe(eventType.origInputLabel);
    }
  });

  it('returns a fresh copy every time', () => {
    const first = createSeedData();
    first.inputs[SEED_INPUT_IDS.productionDatabase] = { id: 'x', name: 'x', type: 'x' };

    expect(createSeedData().inputs[SEED_INPUT_IDS.productionDatabase]?.name).toBe('production_database');
  });
});
