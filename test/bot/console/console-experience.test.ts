import { describe, expect, it } from 'vitest';
import { useConsoleSession } from '../../support/console-driver.js';

const count = (text: string, part: string) => text.split(part).length - 1;

describe('local console: what it shows, and how the console commands read (stdin/stdout)', () => {
  const { driver } = useConsoleSession();

  it('shows code spans verbatim: a cron keeps its stars', async () => {
    const out = await driver().type('/pipeline consolidation list');
    expect(out).toContain('`*/30 * * * *` (Every 30 minutes)');
    const input = await driver().type('/pipeline input show mixpanel_engage_one');
    expect(input).toContain('"cron_expression": "0 */1 * * *",');
  });

  it('refuses `as` with a name of several words instead of cutting it', async () => {
    expect(await driver().type('as bob smith')).toContain('Usage: as <name>   (one word');
    expect(await driver().type('whoami')).toContain('@alice (UALICE)');
  });

  it('shows the Home tab: the requester’s own request, with no Approve for her', async () => {
    await driver().type('/pipeline input pause mixpanel_engage_one');
    const home = await driver().type('home');
    expect(home).toContain('┌─ Home tab of @alice');
    expect(home).toContain('Waiting for your approval (0)');
    expect(home).toContain('Your pending requests (1)');
    expect(home).toContain('#1 Pause input mixpanel_engage_one · by @alice');
    expect(await driver().type('click approve home')).toContain('No [approve] button on your Home tab.');
  });

  it('applies an Approve pressed on another person’s Home tab; the updated card is printed once', async () => {
    await driver().type('as bob');
    const home = await driver().type('home');
    expect(home).toContain('Waiting for your approval (1)');
    expect(home).toMatch(/#1 Pause input mixpanel_engage_one · by @alice .*\n│ \[Approve\] \[Reject\]/);
    const out = await driver().type('click approve home #1');
    expect(out).toContain('(@bob pressed [Approve] on the Home tab)');
    expect(out).toContain('✅ Applied');
    expect(count(out, 'message 1 (updated)')).toBe(1);
    expect(out).toContain('[thread of message 1] @alice #1 was applied (approved by @bob).');
    const after = await driver().type('home');
    expect(after).toContain('Waiting for your approval (0)');
    expect(after).toContain('✅ #1 Pause input mixpanel_engage_one · approved by @bob');
  });

  it('prints an approval’s card once when approved on the card too', async () => {
    await driver().type('as alice');
    await driver().type('/pipeline input resume mixpanel_engage_one');
    await driver().type('as bob');
    const out = await driver().type('click approve');
    expect(out).toContain('✅ Applied');
    expect(count(out, '(updated)')).toBe(1);
  });

  it('`sandbox fail 500` fails the next write only: reads before it still work', async () => {
    expect(await driver().type('sandbox fail 500')).toContain(
      '(sandbox) the next write to the pipeline answers HTTP 500.',
    );
    await driver().type('as alice');
    const card = await driver().type('/pipeline input pause storefront_webhook');
    expect(card).toContain('Pause input storefront_webhook');
    expect(await driver().type('/pipeline input list')).toContain('Inputs (4)');
    await driver().type('as bob');
    const failed = await driver().type('click approve');
    expect(failed).toContain('HTTP 500');
    expect(failed).not.toContain('✅ Applied');
    // Only one failure was armed: the next write goes through.
    await driver().type('as alice');
    await driver().type('/pipeline input pause production_database');
    await driver().type('as bob');
    expect(await driver().type('click approve')).toContain('✅ Applied');
  });

  it('quits cleanly', async () => {
    const { code } = await driver().end();
    expect(code).toBe(0);
  });
});
