import { expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

/** What the README promises: the whole name, exactly or ignoring case when that is unambiguous; never a prefix. */
describeEachBackend('input names (signed HTTP)', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  const reply = async (text: string) => {
    await sendSlashCommand(env().url, { user: 'UALICE', text });
    return JSON.stringify(env().slack.responses.at(-1)?.body ?? {});
  };

  it('`SOURCE_TWO` finds `source_tWO`: case is ignored when one input matches', async () => {
    const shown = await reply('input show SOURCE_TWO');
    expect(shown).toContain('source_tWO');
    expect(shown).not.toContain('No input named');
    // A change names the input it found, by its own name (source_tWO is seeded paused).
    await sendSlashCommand(env().url, { user: 'UALICE', text: 'input resume SOURCE_TWO' });
    const [card] = env().slack.callsOf('chat.postMessage');
    expect(String(card?.body.text)).toContain('Resume input source_tWO');
  });

  it('a prefix is not a name: `mixpanel` does not find `mixpanel_engage_one`', async () => {
    expect(await reply('input show mixpanel')).toContain('No input named `mixpanel`');
  });

  it('when two inputs differ only by case, only the exact name finds one', async () => {
    env().world.sandbox.createInput({ name: 'Source_Two', type: 'ODBC', configuration: {} });
    expect(await reply('input show SOURCE_TWO')).toContain('No input named `SOURCE_TWO`');
    const exact = await reply('input show Source_Two');
    expect(exact).toContain('Source_Two');
    expect(exact).not.toContain('No input named');
  });
});
