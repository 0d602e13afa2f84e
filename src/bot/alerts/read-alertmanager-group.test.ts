import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GROUP_READ_LIMITS, type GroupReadLimits, readAlertmanagerGroup } from './read-alertmanager-group.js';

/** A request whose body arrives in the given pieces. */
function requestOf(pieces: Buffer[]): IncomingMessage {
  const stream = new PassThrough();
  queueMicrotask(() => {
    for (const piece of pieces) stream.write(piece);
    stream.end();
  });
  return stream as unknown as IncomingMessage;
}

/** Reads `text` sent in pieces of `pieceSize` bytes (which may split a character's UTF-8 bytes). */
function read(text: string, limits: GroupReadLimits = GROUP_READ_LIMITS, pieceSize = Number.POSITIVE_INFINITY) {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
  return readAlertmanagerGroup(requestOf(pieces), limits);
}

const alert = (i: number, status: 'firing' | 'resolved') => ({
  status,
  // Text that looks like structure, and keys named like the top level's, must not confuse the reader.
  labels: { alertname: 'Disk', alerts: '[{"x": 1}]', quote: 'a "quoted" \\ back\\slash }]', emoji: 'ü 🔥' },
  annotations: { nested: JSON.stringify({ alerts: [1, 2] }) },
  fingerprint: i.toString(16).padStart(16, '0'),
});

function group(firing: number, resolved: number) {
  return {
    version: '4',
    groupLabels: { alertname: 'Disk', alerts: 'not these' },
    alerts: [
      ...Array.from({ length: resolved }, (_, i) => alert(i, 'resolved')),
      ...Array.from({ length: firing }, (_, i) => alert(resolved + i, 'firing')),
    ],
    receiver: 'etl-bot',
  };
}

describe('reading an Alertmanager notification as it streams', () => {
  it('returns a small group as it was sent, whatever the pieces it arrives in', async () => {
    const body = group(3, 2);
    const text = JSON.stringify(body, null, 1);
    for (const pieceSize of [1, 2, 3, 7, 64, Number.POSITIVE_INFINITY]) {
      expect(await read(text, GROUP_READ_LIMITS, pieceSize), `pieces of ${pieceSize}`).toEqual({
        ok: true,
        body,
        omitted: { firing: 0, resolved: 0 },
      });
    }
  });

  it('keeps 1,000 alerts of a larger group, firing first, and counts the others by status', async () => {
    const read5000 = await read(JSON.stringify(group(1500, 3500)), GROUP_READ_LIMITS, 4096);
    if (!read5000.ok) throw new Error(read5000.message);
    const kept = read5000.body.alerts as { status: string; fingerprint: string }[];
    expect(kept).toHaveLength(1000);
    expect(kept.every((a) => a.status === 'firing')).toBe(true);
    expect(read5000.omitted).toEqual({ firing: 500, resolved: 3500 });
    // The lowest fingerprints, so that the same group keeps the same alerts.
    expect(kept[0]?.fingerprint).toBe((3500).toString(16).padStart(16, '0'));
    expect(read5000.body.receiver).toBe('etl-bot');
    expect(read5000.body.groupLabels).toEqual({ alertname: 'Disk', alerts: 'not these' });

    const mostlyResolved = await read(JSON.stringify(group(10, 1990)));
    if (!mostlyResolved.ok) throw new Error(mostlyResolved.message);
    const statuses = (mostlyResolved.body.alerts as { status: string }[]).map((a) => a.status);
    expect(statuses.filter((s) => s === 'firing')).toHaveLength(10);
    expect(statuses).toHaveLength(1000);
    expect(mostlyResolved.omitted).toEqual({ firing: 0, resolved: 1000 });
  });

  it.each([
    ['truncated', '{"alerts": [{"status": "firing"}'],
    ['an alert that is not an object', '{"alerts": [1, 2]}'],
    ['an alert that is a string', '{"alerts": ["x"]}'],
    ['broken inside an alert', '{"alerts": [{"status": firing}]}'],
    ['not an object', '[1, 2]'],
    ['empty', ''],
  ])('refuses a body that is %s as not JSON', async (_what, text) => {
    expect(await read(text)).toMatchObject({ ok: false, reason: 'not_json' });
  });

  it('refuses an alert, a head or a body over its limit, as too large', async () => {
    const limits = { totalBytes: 100_000, headBytes: 200, alertBytes: 600 };
    const big = { ...alert(1, 'firing'), annotations: { description: 'd'.repeat(1000) } };
    expect(await read(JSON.stringify({ alerts: [big] }), limits, 100)).toMatchObject({
      ok: false,
      reason: 'too_large',
      message: 'Alerts are limited to 600 bytes each',
    });
    expect(await read(JSON.stringify({ receiver: 'r'.repeat(500), alerts: [] }), limits, 100)).toMatchObject({
      reason: 'too_large',
      message: 'Everything but the alerts is limited to 200 bytes',
    });
    expect(await read(JSON.stringify(group(600, 0)), limits, 1000)).toMatchObject({
      reason: 'too_large',
      message: 'Notifications are limited to 100000 bytes',
    });
  });
});
