/**
 * Alert evaluation: 10,000 metric series per tick (5,000 inputs × INCOMING_EVENTS and ERROR_EVENTS, 61 one-minute
 * datapoints each), watched by 4 per-input rules (threshold sum, threshold below, absent, rate of change) = 20,000
 * (rule, series) evaluations per tick, with 1 % of the inputs breaching.
 * Figures:
 *  1. planning only (conditions + state machine, in memory; what every tick costs however many alerts there are),
 *  2. a whole tick with an in-memory SQLite: the first (100 alerts fire: inserts) and a steady one (no writes).
 * Prints ms per tick, evaluations per second, heap growth per tick and the process's peak RSS.
 */
import { AlertEvaluator, indexSeries, type TickSummary } from '../src/services/alerts/alert-evaluator.js';
import { parseAlertRules } from '../src/services/alerts/rules/load-alert-rules.js';
import { migrate } from '../src/services/db/migrate.js';
import { openSqliteDatabase } from '../src/services/db/sqlite-database.js';
import type { MetricSeries } from '../src/services/pipeline/metrics.js';
import { silentLogger } from '../src/services/service-logger.js';

const INPUTS = 5_000;
const POINTS = 61;
const ROUNDS = 5;
const NOW_SECONDS = 1_800_000_000 - (1_800_000_000 % 60);

const rules = parseAlertRules(
  `
rules:
  - { id: errors, metric: ERROR_EVENTS, input: '*', when: above, threshold: 250, aggregate: sum, over: 5m, remedy: pause_input }
  - { id: stalled, metric: INCOMING_EVENTS, input: '*', when: below, threshold: 1, aggregate: sum, over: 15m }
  - { id: silent, metric: INCOMING_EVENTS, input: '*', when: absent, over: 30m }
  - { id: surge, metric: ERROR_EVENTS, input: '*', when: change, by: 500%, over: 1h, for: 5m }
`,
  'bench rules',
);

/** One series per input and metric; every 100th input's errors jump to 500/min in the last three minutes. */
function makeSeries(): MetricSeries[] {
  const series: MetricSeries[] = [];
  for (let i = 0; i < INPUTS; i++) {
    const input = `input_${String(i).padStart(5, '0')}`;
    const breaching = i % 100 === 0;
    const points = (level: (minute: number) => number | null) =>
      Array.from({ length: POINTS }, (_, m) => [level(m), NOW_SECONDS - (POINTS - 1 - m) * 60] as const);
    series.push({ metric: 'INCOMING_EVENTS', tags: { input }, points: points((m) => 200 + ((i + m) % 17)) });
    series.push({
      metric: 'ERROR_EVENTS',
      tags: { input },
      points: points((m) => (breaching && m >= POINTS - 3 ? 500 : 1 + ((i + m) % 5))),
    });
  }
  return series;
}

const series = makeSeries();
const emptySummary = (): TickSummary => ({
  evaluated: 0,
  fired: 0,
  reopened: 0,
  resolved: 0,
  lostRaces: 0,
  unavailable: [],
});
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

// 1. Planning only.
const planner = new AlertEvaluator({
  db: undefined as never,
  pipeline: { getMetrics: async () => series },
  rules,
  defaultChannel: 'C0BENCH',
  clock: { now: () => new Date(NOW_SECONDS * 1000) },
  logger: silentLogger,
});
const planOnce = () => {
  const summary = emptySummary();
  const fetched = new Map([['input' as const, indexSeries(series, 'input')]]);
  const changes = planner.plan(fetched, new Map(), NOW_SECONDS * 1000, summary);
  return { summary, changes: changes.length };
};
planOnce();
const planTimes: number[] = [];
const heapDeltas: number[] = [];
let planned = { summary: emptySummary(), changes: 0 };
for (let round = 0; round < ROUNDS; round++) {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  planned = planOnce();
  planTimes.push(performance.now() - start);
  heapDeltas.push(process.memoryUsage().heapUsed - heapBefore);
}
const evaluations = planned.summary.evaluated;
console.log(
  `alerts: ${series.length.toLocaleString('en-US')} metric series × ${POINTS} points, ${rules.length} per-input rules = ${evaluations.toLocaleString('en-US')} evaluations per tick`,
);
console.log(
  `  planning only (in memory): ${median(planTimes).toFixed(1)} ms per tick (best ${Math.min(...planTimes).toFixed(1)}), ` +
    `${Math.round(evaluations / (median(planTimes) / 1000)).toLocaleString('en-US')} evaluations/s, ` +
    `${planned.changes} alerts to write, heap +${mib(median(heapDeltas))} per tick (garbage)`,
);
console.log(`  RSS before the database is opened: ${mib(process.memoryUsage().rss)}`);

// 2. Whole ticks against an in-memory SQLite (the embedded engine).
const db = openSqliteDatabase({ file: null });
await migrate(db);
let nowMs = NOW_SECONDS * 1000;
const evaluator = new AlertEvaluator({
  db,
  pipeline: { getMetrics: async () => series },
  rules,
  defaultChannel: 'C0BENCH',
  clock: { now: () => new Date(nowMs) },
  logger: silentLogger,
});
let start = performance.now();
const first = await evaluator.tick();
const firstMs = performance.now() - start;
const steadyTimes: number[] = [];
const firedPerTick: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  nowMs += 60_000;
  start = performance.now();
  firedPerTick.push((await evaluator.tick()).fired);
  steadyTimes.push(performance.now() - start);
}
const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts')).rows[0]?.n;
await db.close();
console.log(
  `  first tick with SQLite: ${firstMs.toFixed(0)} ms (${first.fired} fired, ${stored} alert rows incl. pending)`,
);
console.log(
  `  following ticks with SQLite: ${median(steadyTimes).toFixed(0)} ms median of ${ROUNDS} (fired per tick: ` +
    `${firedPerTick.join(', ')}: the rate-of-change alerts once their 5 min \`for\` has passed; unchanged alerts are not written)`,
);
console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
