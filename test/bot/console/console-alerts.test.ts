import { describe, expect, it } from 'vitest';
import { useConsoleSession } from '../../support/console-driver.js';

describe('local console: alerts from the sandbox pipeline’s metrics', () => {
  const { driver } = useConsoleSession();

  it('lists the sandbox metric command in help', async () => {
    expect(await driver().type('help')).toContain('sandbox metric <METRIC> <value|none> [input]');
  });

  it('posts an alert in the channel when a default rule breaches', async () => {
    const out = await driver().type('sandbox metric ERROR_EVENTS 500 mixpanel_engage_one');
    expect(out).toContain('(sandbox) ERROR_EVENTS of mixpanel_engage_one is now 500.');
    expect(out).toContain('┌─ message 1 · pipeops in #data-ops');
    expect(out).toContain('■ 🟠 An input is producing errors · mixpanel_engage_one');
    expect(out).toContain('Condition: above 250 (sum over 5m)');
    expect(out).toContain('[Acknowledge] [Snooze 1h] [Snooze 4h] [Pause input]');
  });

  it('records who acknowledged, and snoozes by the label the hint shows', async () => {
    const ack = await driver().type('click acknowledge');
    expect(ack).toContain('message 1 (updated)');
    expect(ack).toContain('👀 Acknowledged by @alice');
    const snooze = await driver().type('click snooze 1h');
    expect(snooze).toContain('(@alice pressed [Snooze 1h] on message 1)');
    expect(snooze).toContain('💤 Snoozed by @alice until');
  });

  it('proposes the remedy as a change request that someone else must approve', async () => {
    await driver().type('as bob');
    const out = await driver().type('click pause input');
    expect(out).toContain('#1 Pause input mixpanel_engage_one');
    expect(out).toContain('[Approve] [Reject] [Cancel]');
    expect(out).toContain('[thread of message 1] 🛠️ @bob proposed change request #1');
  });

  it('shows the alert and the pending change in /pipeline status', async () => {
    const out = await driver().type('/pipeline status');
    expect(out).toContain('Firing alerts (1)');
    expect(out).toContain('🟠 An input is producing errors · mixpanel_engage_one');
    expect(out).toContain('Pending change requests (1)');
    expect(out).toContain('#1 Pause input mixpanel_engage_one · by @bob');
  });

  it('quits cleanly', async () => {
    const { code } = await driver().end();
    expect(code).toBe(0);
  });
});
