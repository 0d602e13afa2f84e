// The pipeline side of bench/approval-bench.ts, in its own process so that the bot process's CPU figures
// (process.cpuUsage covers the whole process) count the bot's work only. Runs the compiled sandbox pipeline with
// one event type grown to BENCH_MAPPING_FIELDS fields and BENCH_INPUTS extra inputs, prints one JSON line
// ({ url, apiKey, event, inputs }) and serves until its stdin closes.
import { startSandboxPipeline } from '../dist/services/sandbox/sandbox-pipeline.js';

const fieldCount = Number(process.env.BENCH_MAPPING_FIELDS ?? 5000);
const inputCount = Number(process.env.BENCH_INPUTS ?? 0);
const event = 'PUBLIC.ORDERS';

const sandbox = await startSandboxPipeline({ apiKey: 'bench-key' });
const field = (i) => ({
  fieldName: `field_${String(i).padStart(5, '0')}`,
  fields: [],
  mapping: {
    columnName: `FIELD_${String(i).padStart(5, '0')}`,
    isDiscarded: false,
    machineGenerated: false,
    subFields: null,
    columnType: { type: 'VARCHAR', length: 256, nonNull: false, truncate: false },
  },
});
sandbox.updateEventType(event, (eventType) => ({
  ...eventType,
  fields: Array.from({ length: fieldCount }, (_, i) => field(i)),
}));
const inputs = [];
for (let i = 0; i < inputCount; i++) {
  inputs.push(sandbox.createInput({ name: `bench_input_${i}`, type: 'REST_INPUT', configuration: {} }).name);
}
process.stdout.write(`${JSON.stringify({ url: sandbox.url, apiKey: sandbox.apiKey, event, inputs })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await sandbox.close();
  process.exit(0);
});
