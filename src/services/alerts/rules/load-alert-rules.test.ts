import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES_YAML } from './default-rules.js';
import { AlertRulesError, defaultAlertRules, loadAlertRules, parseAlertRules } from './load-alert-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'pipeops-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(text: string): string[] {
  try {
    parseAlertRules(text, 'rules.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(AlertRulesError);
    return (error as AlertRulesError).problems;
  }
  throw new Error('expected the rules to be refused');
}

describe('alert rules configuration', () => {
  it('ships default rules that validate, with every default filled in', () => {
    const rules = defaultAlertRules();
    expect(rules.map((r) => r.id)).toEqual([
      'error-events',
      'input-error-events',
      'no-incoming-events',
      'metrics-missing',
      'restream-queue',
      'latency',
      'queue-growth',
    ]);
    const perInput = rules.find((r) => r.id === 'input-error-events');
    expect(perInput).toMatchObject({
      metric: 'ERROR_EVENTS',
      scope: { by: 'input', match: '*' },
      condition: { kind: 'threshold', op: 'above', threshold: 250, aggregate: 'sum', windowMs: 300_000 },
      forMs: 0,
      resolveAfterMs: 300_000,
      reopenWindowMs: 3_600_000,
      severity: 'warning',
      remedy: 'pause_input',
      links: [],
    });
    expect(rules.find((r) => r.id === 'queue-growth')?.condition).toEqual({
      kind: 'change',
      direction: 'up',
      amount: 300,
      unit: 'percent',
      windowMs: 1_800_000,
    });
    expect(rules.find((r) => r.id === 'metrics-missing')?.condition).toEqual({ kind: 'absent', windowMs: 900_000 });
  });

  it('reads a YAML file and a JSON file, with file-wide defaults and per-rule overrides', async () => {
    const yamlFile = join(dir, 'rules.yml');
    writeFileSync(
      yamlFile,
      `defaults: { channel: '#data-alerts', resolveAfter: 10m }
rules:
  - id: orders-errors
    metric: ERROR_EVENTS
    input: production_database
    when: below
    threshold: 5
    for: 2m
    channel: C0ORDERS
    links: [{ title: Runbook, url: 'https://runbooks.example/orders' }]
  - id: any-change
    metric: INCOMING_EVENTS
    eventType: PUBLIC.ORDERS
    when: change
    by: 5000
    direction: any
    over: 1h
    resolveAfter: 0s
`,
    );
    const [orders, change] = await loadAlertRules(yamlFile);
    expect(orders).toMatchObject({
      title: 'ERROR_EVENTS below 5 (latest value)',
      scope: { by: 'input', match: 'production_database' },
      forMs: 120_000,
      resolveAfterMs: 600_000,
      channel: 'C0ORDERS',
      links: [{ title: 'Runbook', url: 'https://runbooks.example/orders' }],
    });
    expect(change).toMatchObject({
      channel: '#data-alerts',
      resolveAfterMs: 0,
      scope: { by: 'event_type', match: 'PUBLIC.ORDERS' },
      condition: { kind: 'change', unit: 'absolute', amount: 5000, direction: 'any', windowMs: 3_600_000 },
    });

    const jsonFile = join(dir, 'rules.json');
    writeFileSync(
      jsonFile,
      JSON.stringify({ rules: [{ id: 'absent', metric: 'EVENTS_IN_PIPELINE', when: 'absent', over: '15m' }] }),
    );
    expect(await loadAlertRules(jsonFile)).toMatchObject([{ id: 'absent', condition: { kind: 'absent' } }]);
    expect(await loadAlertRules(undefined)).toEqual(defaultAlertRules());
  });

  it('locates every problem by rule index and id, in words a person can act on', () => {
    const problems = problemsOf(`rules:
  - id: a
    metric: ERROR_EVENTZ
    when: above
    threshold: 1
  - id: b
    metric: ERROR_EVENTS
    when: abov
  - id: c
    metric: ERROR_EVENTS
    when: above
    treshold: 5
  - id: d
    metric: EVENTS_IN_PIPELINE
    when: absent
    over: 5 min
  - id: e
    metric: ERROR_EVENTS
    when: change
    by: lots
    over: 5m
`);
    expect(problems).toEqual([
      expect.stringMatching(/^rules\[0\] \(a\)\.metric: unknown metric "ERROR_EVENTZ"; one of: EVENT_SIZE_AVG/),
      'rules[1] (b).when: when must be one of: above, below, absent, change, consolidation_error',
      'rules[2] (c).threshold: required: the number to compare with',
      'rules[2] (c): Unrecognized key: "treshold"',
      "rules[3] (d).over: '5 min' is not a duration; use e.g. 30s, 5m, 1h or 1d",
      'rules[4] (e).by: expected e.g. 200% or 5000',
    ]);
  });

  it('checks rules against each other and against what the metrics offer', () => {
    const problems = problemsOf(`rules:
  - { id: x, metric: ERROR_EVENTS, when: above, threshold: 1, remedy: pause_input }
  - { id: x, metric: LATENCY_MAX, input: '*', when: above, threshold: 1 }
  - { id: y, metric: ERROR_EVENTS, input: a, eventType: b, when: above, threshold: 1 }
  - { id: z, metric: ERROR_EVENTS, when: above, threshold: 1, over: 2d, channel: 'data alerts' }
`);
    // Every problem at once, so that a file is fixed in one go.
    expect(problems).toEqual([
      'rules[3] (z).channel: expected a channel id (C…, G…) or #channel-name',
      'rules[3] (z).over: must be between 1m and 24h',
      'rules[0] (x).remedy: pause_input needs an input filter (input: <name> or "*")',
      "rules[1] (x).id: duplicate id 'x'",
      expect.stringMatching(/^rules\[1\] \(x\)\.input: LATENCY_MAX is pipeline-wide only/),
      'rules[2] (y).eventType: a rule filters by input or by eventType, not both',
    ]);
  });

  it('explains unreadable files', async () => {
    expect(problemsOf('rules: [')).toEqual([expect.stringMatching(/^not valid YAML or JSON: .*line 1/)]);
    expect(problemsOf('')).toEqual(['the file is empty; expected `rules:`']);
    expect(problemsOf('{"rules": 3}')).toEqual(['rules: Invalid input: expected array, received number']);
    await expect(loadAlertRules(join(dir, 'missing.yml'))).rejects.toThrow(
      /missing\.yml are invalid:\n {2}- no such file/,
    );
  });

  it('keeps the README example (the default rules) free of tabs and within 120 columns', () => {
    const lines = DEFAULT_ALERT_RULES_YAML.split('\n');
    expect(lines.every((line) => !line.includes('\t') && line.length <= 120)).toBe(true);
  });
});
