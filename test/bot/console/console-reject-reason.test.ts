import { describe, expect, it } from 'vitest';
import { useConsoleSession } from '../../support/console-driver.js';

describe('local console: Reject asks for a reason, request and audit show it', () => {
  const { driver } = useConsoleSession();

  it('prompts for the reason when Reject is pressed, and shows it on the card', async () => {
    await driver().type('/pipeline input pause mixpanel_engage_one');
    await driver().type('as bob');
    const dialog = await driver().type('click reject');
    expect(dialog).toContain('Reject #1');
    expect(dialog).toContain('Reason (optional)');
    const out = await driver().type('Pausing now loses the nightly load');
    expect(out).toContain('message 1 (updated)');
    expect(out).toContain('Rejected');
    expect(out).toContain('Reason: Pausing now loses the nightly load');
    expect(out).toContain('#1 was rejected by @bob: Pausing now loses the nightly load');
  });

  it('shows the request whole and the rejection as a sentence in the audit log', async () => {
    const request = await driver().type('/pipeline request #1');
    expect(request).toContain('#1 Pause input mixpanel_engage_one');
    expect(request).toContain('Reason: Pausing now loses the nightly load');
    expect(request).toContain('Timeline');
    const audit = await driver().type('/pipeline audit #1');
    expect(audit).toContain('@bob rejected #1 Pause input mixpanel_engage_one — Pausing now loses the nightly load');
    expect(audit).toContain('Full diff');
    const bobs = await driver().type('/pipeline audit --user @bob');
    expect(bobs).toContain('@bob rejected #1');
    expect(bobs).not.toContain('@alice proposed');
    expect(await driver().type('/pipeline audit --user @bbo')).toContain('No member named `@bbo`. Closest: bob');
  });

  it('explains an incomplete command in words', async () => {
    const out = await driver().type('/pipeline input');
    expect(out).toContain('`input` takes one of: list, show, pause, resume');
  });
});
