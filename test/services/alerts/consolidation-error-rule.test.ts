import { expect, it } from 'vitest';
import { buildAlertMessage } from '../../../src/handlers/alerts/alert-blocks.js';
import { AlertEvaluator } from '../../../src/services/alerts/alert-evaluator.js';
import { parseAlertRules } from '../../../src/services/alerts/rules/load-alert-rules.js';
import { silentLogger } from '../../../src/services/service-logger.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';
import { patchSandboxConsolidation, useWorkflowWorld } from '../../support/workflow-world.js';

const RULES = `
defaults: { resolveAfter: 0s }
rules:
  - id: consolidation-errors
    when: consolidation_error
`;

describeEachBackend('alert rule kind consolidation_error', (backend) => {
  const db = useTestDatabase(backend);
  const world = useWorkflowWorld(db);

  const evaluator = () =>
    new AlertEvaluator({
      db: db(),
      pipeline: world.pipeline,
      rules: parseAlertRules(RULES, 'test rules'),
      defaultChannel: 'C0ALERTS',
      clock: world.clock,
      logger: silentLogger,
    });

  it('fires for each query in error state, with a Show query button, and resolves when the error clears', async () => {
    const rules = evaluator();
    expect(await rules.tick()).toMatchObject({ evaluated: 2, fired: 1 });
    const [alert] = await world.services.alerts.listFiring();
    expect(alert).toMatchObject({
      key: 'rule:consolidation-errors:event_type=SOURCE_TWO.TABLE_ONE',
      severity: 'critical',
      title: 'Consolidation query in error',
      details: { kind: 'metric', subject: { by: 'event_type', name: 'SOURCE_TWO.TABLE_ONE' }, value: 1 },
    });
    expect(alert?.details.kind === 'metric' && alert.details.remedy).toEqual({
      kind: 'show_consolidation',
      eventType: 'SOURCE_TWO.TABLE_ONE',
    });
    const message = JSON.stringify(buildAlertMessage(alert as NonNullable<typeof alert>, world.clock.now()));
    expect(message).toContain('"action_id":"alert_show_query"');
    expect(message).toContain('Show query');

    expect(
      (await patchSandboxConsolidation(world.sandbox, 12345, { error_message: 'Warehouse unavailable' })).status,
    ).toBe(200);
    expect(await rules.tick()).toMatchObject({ fired: 1 });
    expect((await patchSandboxConsolidation(world.sandbox, 12346, { error_message: null })).status).toBe(200);
    expect(await rules.tick()).toMatchObject({ resolved: 1 });
    expect((await world.services.alerts.listFiring()).map((a) => a.subject)).toEqual(['PUBLIC.USERS']);
  });

  it('is validated like other rules: unknown keys are refused', () => {
    expect(() =>
      parseAlertRules('rules:\n  - { id: c, when: consolidation_error, metric: ERROR_EVENTS }\n', 'test rules'),
    ).toThrow(/metric/);
  });
});
