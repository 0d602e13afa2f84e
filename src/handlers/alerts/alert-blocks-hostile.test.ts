import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payloadProblems } from '../../../test/support/slack-markup.js';
import type { AlertmanagerMember, AlertRecord } from '../../services/alerts/alert-record.js';
import { buildAlertMessage, buildAlertReply } from './alert-blocks.js';

const NOW = new Date('2026-11-23T10:30:00Z');
const T0 = Date.parse('2026-11-23T10:00:00Z');

/** Alertmanager's labels and annotations are whatever the alert rules' authors (and their templates) wrote. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<!channel>',
        '<!here>',
        '<@U123>',
        '<#C123>',
        '<https://evil|Approve here>',
        '*zqb*',
        '_zqi_',
        '~zqs~',
        '`zqc`',
        '```zqf```',
        '`',
        '> zqq',
        '\n> zqq',
        '&lt;!channel&gt;',
        '&',
        '|',
        '\n',
      ),
      fc.string({ maxLength: 5 }),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(''));
const hostileRecord = fc.dictionary(fc.oneof(hostile, fc.constantFrom('alertname', 'summary')), hostile, {
  maxKeys: 4,
});
const url = fc.oneof(
  hostile,
  hostile.map((s) => `https://x.example/${s.replace(/\s/g, '')}`),
  fc.constant('javascript:alert(1)'),
);

const member = fc.record({
  fingerprint: hostile,
  status: fc.constantFrom('firing' as const, 'resolved' as const),
  labels: hostileRecord,
  annotations: hostileRecord,
  startsAt: fc.constantFrom('2026-11-23T07:05:14.125436964Z', 'yesterday'),
  endsAt: fc.constant('0001-01-01T00:00:00Z'),
  generatorUrl: url,
}) satisfies fc.Arbitrary<AlertmanagerMember>;

const alertmanagerAlert = fc
  .record({
    title: hostile,
    receiver: hostile,
    commonLabels: hostileRecord,
    commonAnnotations: fc.record({ description: hostile, runbook_url: url, summary: hostile }),
    externalUrl: url,
    members: fc.array(member, { minLength: 1, maxLength: 4 }),
    note: fc.option(hostile, { nil: undefined }),
    silenceIds: fc.array(hostile, { maxLength: 2 }),
    phase: fc.constantFrom('firing' as const, 'resolved' as const),
  })
  .map(
    (a): AlertRecord => ({
      id: 3,
      key: 'am:group',
      source: 'alertmanager',
      ruleId: null,
      subject: null,
      phase: a.phase,
      incident: 1,
      pendingSince: null,
      firedAt: T0,
      clearSince: null,
      resolvedAt: a.phase === 'resolved' ? NOW.getTime() : null,
      reopenCount: 1,
      severity: 'critical',
      title: a.title,
      channelId: 'C1',
      details: {
        kind: 'alertmanager',
        receiver: a.receiver,
        groupKey: '{}:{}',
        groupLabels: {},
        commonLabels: a.commonLabels,
        commonAnnotations: a.commonAnnotations,
        externalUrl: a.externalUrl,
        members: a.members,
        truncatedAlerts: 0,
        ...(a.note === undefined ? {} : { note: a.note }),
      },
      ackedBy: 'UBOB',
      ackedAt: new Date(T0),
      snoozedBy: null,
      snoozedUntil: null,
      silenceIds: a.silenceIds,
      version: 1,
      revision: 1,
      message: null,
      syncedRevision: 0,
      syncedAt: null,
      syncedHash: null,
      syncedKeyHash: null,
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    }),
  );

const rules = { users: ['UBOB'], linkLabels: ['source', 'Runbook', 'Alertmanager'] };

describe('alert messages from hostile Alertmanager labels and annotations', () => {
  it('send no control sequence, formatting or quote of theirs: message, fallback text and thread replies', () => {
    fc.assert(
      fc.property(alertmanagerAlert, (alert) => {
        const message = buildAlertMessage(alert, NOW);
        const replies = (['resolved', 'reopened'] as const).map((kind) =>
          buildAlertReply(alert, { id: 1, alertId: 3, incident: 1, kind, actor: null, payload: {}, createdAt: NOW }),
        );
        expect(payloadProblems(message, 'message', rules)).toEqual([]);
        for (const text of replies) expect(payloadProblems({ text }, 'reply', rules)).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('shows the hostile summary literally and links only to http(s) sources', () => {
    const message = buildAlertMessage(
      {
        ...fc.sample(alertmanagerAlert, { numRuns: 1, seed: 1 })[0],
        title: '<!channel> *zqb* Pipeline down',
      } as AlertRecord,
      NOW,
    );
    expect(message.text).toContain('&lt;!channel&gt; ∗zqb∗ Pipeline down');
    expect(message.text).not.toContain('<!channel>');
  });
});
