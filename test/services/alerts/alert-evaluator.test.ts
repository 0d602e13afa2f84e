import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertEvaluator } from '../../../src/services/alerts/alert-evaluator.js';
import { parseAlertRules } from '../../../src/services/alerts/rules/load-alert-rules.js';
import { silentLogger } from '../../../src/services/service-logger.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../../support/database/index.js';
import { startWorkflowWorld, type WorkflowWorld } from '../../support/workflow-world.js';

const MIN = 60_000;
const RULES = `
defaults: { resolveAfter: 0s, reopenWindow: 10m }
rules:
  - id: input-errors
    title: Input errors
    metric: ERROR_EVENTS
    input: '*'
    when: above
    threshold: 100
    remedy: pause_input
  - id: queue
    metric: EVENTS_IN_TRANSIT
    when: above
    threshold: 1000
    for: 5m
    channel: C0QUEUE
  - id: metrics-missing
    metric: EVENTS_IN_PIPELINE
    when: absent
    over: 10m
`;

describeEachBackend('alert evaluator over the database and the sandbox pipeline', (backend) => {
  const db = useTestDatabase(backend);
  let world: WorkflowWorld;

  const evaluator = (rules = RULES) =>
    new AlertEvaluator({
      db: db(),
      pipeline: world.pipeline,
      rules: parseAlertRules(rules, 'test rules'),
      defaultChannel: 'C0ALERTS',
      clock: world.clock,
      logger: silentLogger,
    });

  beforeEach(async () => {
    await truncateAllTables(db());
    world = await startWorkflowWorld(db());
  });

  afterEach(async () => {
    await world.close();
  });

  it('fires once per series, stores what the message shows, and keeps quiet while it stays firing', async () => {
    const first = evaluator();
    expect(await first.tick()).toMatchObject({ fired: 0, evaluated: 4 + 1 + 1 });
    expect(await world.services.alerts.needingSync()).toEqual([]);

    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    expect(await first.tick()).toMatchObject({ fired: 1, resolved: 0 });
    const [alert] = await world.services.alerts.listFiring();
    expect(alert).toMatchObject({
      key: 'rule:input-errors:input=mixpanel_engage_one',
      phase: 'firing',
      incident: 1,
      severity: 'warning',
      title: 'Input errors',
      channelId: 'C0ALERTS',
      message: null,
      details: {
        kind: 'metric',
        metric: 'ERROR_EVENTS',
        subject: { by: 'input', name: 'mixpanel_engage_one' },
        condition: 'above 100 (latest value)',
        value: 500,
        unit: 'events',
        remedy: { kind: 'pause_input', input: 'mixpanel_engage_one' },
      },
    });
    expect(alert?.details.kind === 'metric' && alert.details.trend.at(-1)?.[0]).toBe(500);
    expect(await world.services.alerts.needingSync()).toEqual([alert?.id]);

    world.clock.advance(MIN);
    expect(await first.tick()).toMatchObject({ fired: 0, reopened: 0, resolved: 0 });
    expect(await world.services.alerts.listFiring()).toHaveLength(1);
  });

  it('does not fire again after a restart (state lives in the database)', async () => {
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'source_tWO' });
    expect((await evaluator().tick()).fired).toBe(1);
    world.clock.advance(MIN);
    const restarted = evaluator();
    expect(await restarted.tick()).toMatchObject({ fired: 0, reopened: 0 });
    const rows = await db().query('SELECT count(*)::int AS n FROM alerts');
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it('lets exactly one of two replicas fire the same alert, and one claim its message', async () => {
    world.sandbox.setMetric('ERROR_EVENTS', 900, { input: 'storefront_webhook' });
    const [a, b] = await Promise.all([evaluator().tick(), evaluator().tick()]);
    expect((a?.fired ?? 0) + (b?.fired ?? 0)).toBe(1);
    const [alert] = await world.services.alerts.listFiring();
    if (!alert) throw new Error('no alert');
    const claims = await Promise.all([
      world.services.alerts.claimSync(alert.id, 'replica-a'),
      world.services.alerts.claimSync(alert.id, 'replica-b'),
    ]);
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
    // The lease runs out, so a stopped holder does not block the message for ever.
    world.clock.advance(3 * MIN);
    expect(await world.services.alerts.claimSync(alert.id, 'replica-c')).not.toBeNull();
  });

  it('resolves with a thread reply, reopens within the window without a new incident, and starts a new one later', async () => {
    const ticker = evaluator();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'production_database' });
    await ticker.tick();
    world.sandbox.setMetric('ERROR_EVENTS', 0, { input: 'production_database' });
    world.clock.advance(MIN);
    expect(await ticker.tick()).toMatchObject({ resolved: 1 });
    const resolved = (await db().query(`SELECT id FROM alerts WHERE phase = 'resolved'`)).rows[0] as { id: number };
    expect((await world.services.alerts.undeliveredReplies(resolved.id)).map((r) => r.kind)).toEqual(['resolved']);

    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'production_database' });
    world.clock.advance(2 * MIN);
    expect(await ticker.tick()).toMatchObject({ reopened: 1, fired: 0 });
    expect(await world.services.alerts.get(resolved.id)).toMatchObject({
      phase: 'firing',
      incident: 1,
      reopenCount: 1,
    });

    world.sandbox.setMetric('ERROR_EVENTS', 0, { input: 'production_database' });
    await ticker.tick();
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'production_database' });
    world.clock.advance(11 * MIN);
    expect(await ticker.tick()).toMatchObject({ fired: 1, reopened: 0 });
    expect(await world.services.alerts.get(resolved.id)).toMatchObject({ incident: 2, reopenCount: 0, message: null });
  });

  it('waits for the for-duration on the evaluator clock before firing', async () => {
    const ticker = evaluator();
    world.sandbox.setMetric('EVENTS_IN_TRANSIT', 50_000);
    expect((await ticker.tick()).fired).toBe(0);
    world.clock.advance(3 * MIN);
    expect((await ticker.tick()).fired).toBe(0);
    expect((await db().query(`SELECT phase FROM alerts WHERE alert_key = 'rule:queue'`)).rows).toEqual([
      { phase: 'pending' },
    ]);
    world.clock.advance(2 * MIN);
    expect((await ticker.tick()).fired).toBe(1);
    expect((await world.services.alerts.listFiring())[0]).toMatchObject({ key: 'rule:queue', channelId: 'C0QUEUE' });
  });

  it('fires an absent rule when the series has had no value for the whole window', async () => {
    world.sandbox.setMetric('EVENTS_IN_PIPELINE', null, { minutesAgo: 12 });
    expect((await evaluator().tick()).fired).toBe(1);
    expect((await world.services.alerts.listFiring())[0]).toMatchObject({
      key: 'rule:metrics-missing',
      details: { value: null, condition: 'absent for 10m' },
    });
  });

  it('changes nothing when the metrics cannot be read', async () => {
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    const ticker = evaluator();
    await ticker.tick();
    world.sandbox.setMetric('ERROR_EVENTS', 0, { input: 'mixpanel_engage_one' });
    world.sandbox.injectFault({ method: 'GET', path: /^metrics/, status: 503, times: 10 });
    const summary = await ticker.tick();
    expect(summary).toMatchObject({ resolved: 0, unavailable: ['total', 'input'] });
    expect(await world.services.alerts.listFiring()).toHaveLength(1);
  });

  it('resolves the alerts of a rule removed from the configuration, with a note', async () => {
    world.sandbox.setMetric('ERROR_EVENTS', 500, { input: 'mixpanel_engage_one' });
    await evaluator().tick();
    const summary = await evaluator(`rules: [{ id: other, metric: ERROR_EVENTS, when: above, threshold: 1e9 }]`).tick();
    expect(summary.resolved).toBe(1);
    const [row] = (await db().query(`SELECT phase, details FROM alerts WHERE rule_id = 'input-errors'`)).rows as {
      phase: string;
      details: { note?: string };
    }[];
    expect(row).toMatchObject({ phase: 'resolved', details: { note: 'The rule was removed from the configuration.' } });
  });
});

describe('alert evaluator planning (pure)', () => {
  it('is exported for benchmarks and changes nothing for quiet series', () => {
    const rules = parseAlertRules(RULES, 'test rules');
    const planner = new AlertEvaluator({
      db: undefined as never,
      pipeline: { getMetrics: async () => [] },
      rules,
      defaultChannel: 'C1',
      clock: { now: () => new Date() },
      logger: silentLogger,
    });
    const summary = { evaluated: 0, fired: 0, reopened: 0, resolved: 0, lostRaces: 0, unavailable: [] };
    const changes = planner.plan(
      new Map([
        [
          'input',
          {
            asOfSeconds: 600,
            byMetric: new Map([['ERROR_EVENTS', new Map([['a', [[5, 600] as const]]])]]),
          },
        ],
      ]),
      new Map(),
      0,
      summary,
    );
    expect(changes).toEqual([]);
    expect(summary.evaluated).toBe(1);
  });
});
