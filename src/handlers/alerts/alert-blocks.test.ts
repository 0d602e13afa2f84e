import { describe, expect, it } from 'vitest';
import type { AlertmanagerMember, AlertRecord, MetricAlertDetails } from '../../services/alerts/alert-record.js';
import { LIMITS } from '../blocks/limits.js';
import { buildAlertMessage, buildAlertReply, formatElapsed } from './alert-blocks.js';
import { formatAlertValue, formatMetricValue } from './format-metric-value.js';
import { sparkline } from './sparkline.js';

const NOW = new Date('2026-11-23T10:30:00Z');
const T0 = Date.parse('2026-11-23T10:00:00Z');

const metricDetails: MetricAlertDetails = {
  kind: 'metric',
  ruleId: 'latency',
  metric: 'LATENCY_PERCENTILE_95',
  unit: 'ms',
  condition: 'above 900,000 (avg over 10m)',
  value: 1_260_000,
  valueKind: 'level',
  trend: [
    [600_000, 1],
    [null, 2],
    [1_260_000, 3],
  ],
  links: [{ title: 'Runbook <ops>', url: 'https://runbooks.example/a?b=1|c' }],
};

function alert(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 7,
    key: 'rule:latency',
    source: 'rule',
    ruleId: 'latency',
    subject: null,
    phase: 'firing',
    incident: 2,
    pendingSince: null,
    firedAt: T0,
    clearSince: null,
    resolvedAt: null,
    reopenCount: 0,
    severity: 'warning',
    title: 'Events are slow <to> load & more',
    channelId: 'C1',
    details: metricDetails,
    ackedBy: null,
    ackedAt: null,
    snoozedBy: null,
    snoozedUntil: null,
    silenceIds: [],
    version: 3,
    revision: 4,
    message: null,
    syncedRevision: 0,
    syncedAt: null,
    syncedHash: null,
    syncedKeyHash: null,
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    ...overrides,
  };
}

const json = (value: unknown) => JSON.stringify(value);

describe('alert message blocks', () => {
  it('shows severity, value in its unit, condition, trend and escaped untrusted text', () => {
    const message = buildAlertMessage(alert(), NOW);
    // The fallback text is mrkdwn (and what notifies): escaped like the blocks.
    expect(message.text).toBe(
      '[WARNING] Events are slow &lt;to&gt; load &amp; more: 21 min (above 900,000 (avg over 10m))',
    );
    const text = json(message.blocks);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: '🟠 Events are slow <to> load & more' } });
    expect(text).toContain('*Value*\\n21 min');
    expect(text).toContain('Last 3 min: `▁·█` · min 600,000 · max 1,260,000');
    // Link text is escaped and the URL cannot break out of the <url|text> syntax.
    expect(text).toContain('<https://runbooks.example/a?b=1%7Cc|Runbook &lt;ops&gt;>');
    expect(message.blocks.every((b) => (b.block_id ?? '').startsWith('alert7-i2-r4-'))).toBe(true);
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { value: string }[] };
    expect(actions.elements.map((e) => e.value)).toEqual(['7:2', '7:2', '7:2']);
  });

  it('resolved: no buttons, how long it lasted, and the note when there is one', () => {
    const message = buildAlertMessage(
      alert({ phase: 'resolved', resolvedAt: T0 + 95 * 60_000, details: { ...metricDetails, note: 'Rule removed.' } }),
      NOW,
    );
    expect(message.text.startsWith('[RESOLVED]')).toBe(true);
    expect(json(message.blocks)).toContain('*Resolved* after 1 h 35 min');
    expect(json(message.blocks)).toContain('Rule removed.');
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('stays within Block Kit limits for a huge Alertmanager group with long labels', () => {
    const members: AlertmanagerMember[] = Array.from({ length: 1000 }, (_, i) => ({
      fingerprint: `f${String(i).padStart(6, '0')}`,
      status: i % 3 === 0 ? 'resolved' : 'firing',
      labels: { alertname: 'Disk', host: `host-${i}-${'x'.repeat(300)}` },
      annotations: { summary: `Disk full on host ${i} ${'y'.repeat(400)}` },
      startsAt: '2026-11-23T07:05:14.125436964Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorUrl: `http://prometheus:9090/graph?g0.expr=${'z'.repeat(200)}`,
    }));
    const message = buildAlertMessage(
      alert({
        source: 'alertmanager',
        title: 'T'.repeat(400),
        details: {
          kind: 'alertmanager',
          receiver: 'etl-bot',
          groupKey: '{}:{alertname="Disk"}',
          groupLabels: { alertname: 'Disk' },
          commonLabels: { alertname: 'Disk' },
          commonAnnotations: { description: 'd'.repeat(5000) },
          externalUrl: 'http://am:9093',
          members,
          truncatedAlerts: 12,
        },
      }),
      NOW,
    );
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    for (const block of message.blocks as { type: string; text?: { text: string } }[]) {
      if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(LIMITS.headerText);
      if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const text = json(message.blocks);
    expect(text).toContain('*666* firing, 334 resolved, 12 more not sent by Alertmanager');
    // Whole lines only (a cut link would swallow the rest), then how many are not shown.
    expect(text).toMatch(/\|source>\\n… and 99\d more \(66\d firing\)"/);
  });

  it('shows who acknowledged and snoozed, and hides Acknowledge once done', () => {
    const message = buildAlertMessage(
      alert({
        ackedBy: 'UBOB',
        ackedAt: new Date(T0),
        snoozedBy: 'UALICE',
        snoozedUntil: new Date(NOW.getTime() + 3_600_000),
      }),
      NOW,
    );
    const text = json(message.blocks);
    expect(text).toContain('👀 Acknowledged by <@UBOB>');
    expect(text).toContain('💤 Snoozed by <@UALICE> until');
    expect(text).not.toContain('alert_ack');
    // An expired snooze is not shown.
    expect(json(buildAlertMessage(alert({ snoozedBy: 'U1', snoozedUntil: new Date(T0) }), NOW).blocks)).not.toContain(
      'Snoozed',
    );
  });

  it('writes thread replies for resolve, reopen and remedy', () => {
    const reply = (kind: 'resolved' | 'reopened' | 'remedy', payload = {}) =>
      buildAlertReply(
        alert({ phase: kind === 'resolved' ? 'resolved' : 'firing', resolvedAt: T0 + 12 * 60_000, reopenCount: 2 }),
        {
          id: 1,
          alertId: 7,
          incident: 2,
          kind,
          actor: 'UALICE',
          payload,
          createdAt: NOW,
        },
      );
    expect(reply('resolved')).toBe(
      '✅ Resolved after 12 min: *Events are slow &lt;to&gt; load &amp; more*; now 21 min.',
    );
    expect(reply('reopened')).toBe(
      '🔁 Firing again: *Events are slow &lt;to&gt; load &amp; more* (21 min). It has fired 3× in this incident.',
    );
    expect(reply('remedy', { changeId: 4 })).toBe(
      '🛠️ <@UALICE> proposed change request #4; it needs the approval of someone else.',
    );
  });
});

describe('alert value formatting', () => {
  it('formats values in their units and changes with a sign', () => {
    expect(formatMetricValue(1234.56, 'events')).toBe('1,234.6 events');
    expect(formatMetricValue(850, 'ms')).toBe('850 ms');
    expect(formatMetricValue(12_400, 'ms')).toBe('12.4 s');
    expect(formatMetricValue(3.5 * 1024 * 1024, 'bytes')).toBe('3.5 MB');
    expect(formatMetricValue(290, 'events/min')).toBe('290 events/min');
    const change = { ...metricDetails, unit: 'events' as const, valueKind: 'percent_change' as const };
    expect(formatAlertValue({ ...change, value: 250 })).toBe('+250%');
    expect(formatAlertValue({ ...change, value: null })).toBe('rose from 0');
    expect(formatAlertValue({ ...change, valueKind: 'absolute_change', value: -6000 })).toBe('-6,000 events');
    expect(formatAlertValue({ ...metricDetails, value: null })).toBe('no data');
  });

  it('draws sparklines and durations', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, null])).toBe('▄▄·');
    expect(sparkline([null, null])).toBe('··');
    expect(formatElapsed(59 * 60_000)).toBe('59 min');
    expect(formatElapsed(50 * 3_600_000)).toBe('2 d 2 h');
  });
});
