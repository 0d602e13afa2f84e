/**
 * The change-workflow benchmark (approval-bench.ts) in a process of its own, so that it runs with the node flags
 * `npm start` gives the bot (bot.bench.ts passes them): V8's heap settings change what large documents cost.
 * Reads its options as JSON from argv[2], prints its figures as one JSON line.
 */
import { type ApprovalOptions, runApprovalBench } from './approval-bench.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ApprovalOptions;
const figures = await runApprovalBench(options);
process.stdout.write(`${JSON.stringify(figures)}\n`);
