/**
 * Transform pipeline throughput: 100k events of managealooma's getting-started sample shape through 6 steps.
 * Two figures: "transform only" (events already parsed into the Python value model before the clock starts;
 * JSON parsing is NOT in the timed loop) and "parse + transform + serialize" (JSON text in, JSON text out, all
 * timed). Prints events/s and the process's peak RSS.
 */
import { compileStepsJson, jsonDumps, type PyDict, parseEventJson, runSteps } from '../src/transforms/index.js';

const EVENTS = 100_000;
const ROUNDS = 3;
const BATCH = 1_000;

const steps = compileStepsJson(
  JSON.stringify([
    { fn: 'convert_all_event_fields_to_snake_case' },
    { fn: 'flatten_json', args: { field_or_field_list: 'a_dictionary', levels: 1, dump_to_string: true } },
    { fn: 'add_composite_key', args: { field_list: ['id', 'created_at'], key_name: 'id_created_datetime' } },
    {
      fn: 'map_value_in_list_to_dictionary_key',
      args: {
        mapping_dict_with_lists: { one_to_three: [1, 2, 3], four_to_six: [4, 5, 6] },
        existing_column: 'a_number',
        new_column: 'number_category',
        allow_nulls: true,
        passthrough: true,
      },
    },
    { fn: 'remove_whitespace', args: { field_or_field_list: ['my_field', 'a_dictionary_one'] } },
    {
      fn: 'whitelist_or_blacklist_columns',
      args: {
        field_list: [
          'id',
          'my_field',
          'created_at',
          'a_number',
          'number_category',
          'id_created_datetime',
          'a_dictionary_one',
          'a_dictionary_three',
        ],
        white_or_black_list: 'whitelist',
      },
    },
  ]),
);

/** The getting-started sample event (seeds), varied per index so values and categories differ. */
function sampleLine(i: number): string {
  return (
    `{"myField": "  stuff ${i % 100}  ", "createdAt": "2019-08-01 00:00:${String(i % 60).padStart(2, '0')}", ` +
    `"xmin::text::bigint": ${123456789 + i}, "aNumber": ${i % 8}, "id": ${i}, ` +
    '"aDictionary": {"one": "Some Stuff", "two": "More Stuff", ' +
    '"three": {"Another dict": {"Inside Three": 3.3, "More Inside Three": 3.4}}}, ' +
    `"_metadata": {"@uuid": "1a1a1a-2b2b-3c3c-4d4d-${String(i).padStart(10, '0')}", ` +
    '"event_type": "my_schema.my_table", "input_label": "my_input", "@parent_uuid": ""}}'
  );
}

const lines = Array.from({ length: EVENTS }, (_, i) => sampleLine(i));

/**
 * Parses a batch (clock stopped), then transforms it (clock running). Batches keep the live heap small, as in
 * the streaming CLI: retaining 100k parsed events at once would mostly measure the garbage collector.
 */
function transformOnly(input: string[]): Rate {
  let outputs = 0;
  let elapsed = 0;
  let cpu = 0;
  for (let at = 0; at < input.length; at += BATCH) {
    const events: PyDict[] = input.slice(at, at + BATCH).map(parseEventJson);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    for (const event of events) {
      const result = runSteps(steps, event);
      if (!result.ok) throw new Error(result.failure.error);
      outputs += result.events.length;
    }
    const cpuUsed = process.cpuUsage(cpuStart);
    cpu += cpuUsed.user + cpuUsed.system;
    elapsed += performance.now() - start;
  }
  if (outputs !== input.length) throw new Error('unexpected output count');
  return { wall: input.length / (elapsed / 1000), cpu: input.length / (cpu / 1e6) };
}

function parseTransformSerialize(input: string[]): Rate {
  let bytes = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const line of input) {
    const result = runSteps(steps, parseEventJson(line));
    if (!result.ok) throw new Error(result.failure.error);
    for (const out of result.events) bytes += jsonDumps(out).length;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpuUsed = process.cpuUsage(cpuStart);
  if (bytes === 0) throw new Error('no output');
  return { wall: input.length / seconds, cpu: input.length / ((cpuUsed.user + cpuUsed.system) / 1e6) };
}

/** Events per wall-clock second, and per second of CPU time used by the process (steadier on a busy machine). */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

const format = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const describe = (rates: Rate[]): string => {
  const wall = rates.map((r) => r.wall);
  const cpu = rates.map((r) => r.cpu);
  return `${format(median(wall))} events/s (best ${format(Math.max(...wall))}); ${format(median(cpu))} events per CPU-second`;
};

// Warm up the JIT on a slice, untimed.
transformOnly(lines.slice(0, 20_000));
parseTransformSerialize(lines.slice(0, 20_000));

const transformRates: Rate[] = [];
const fullRates: Rate[] = [];
for (let round = 0; round < ROUNDS; round++) {
  transformRates.push(transformOnly(lines));
  fullRates.push(parseTransformSerialize(lines));
}

console.log(`transforms: ${EVENTS.toLocaleString('en-US')} events x 6 steps, median of ${ROUNDS} rounds, one thread`);
console.log(`  transform only (JSON parsing NOT timed):   ${describe(transformRates)}`);
console.log(`  parse + transform + serialize (all timed): ${describe(fullRates)}`);
console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
