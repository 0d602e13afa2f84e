import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { captureLogs } from '../support/capture-logs.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { FakeSlack, sendSlashCommand } from '../support/slack-http.js';
import { type SlackHttpApp, startSlackHttpApp } from '../support/slack-http-app.js';
import { startWorkflowWorld, type WorkflowWorld } from '../support/workflow-world.js';

/** What the README promises: the whole name, exactly or ignoring case when that is unambiguous; never a prefix. */
describeEachBackend('input names (signed HTTP)', (backend) => {
  const db = useTestDatabase(backend);
  let world: WorkflowWorld;
  let slack: FakeSlack;
  let http: SlackHttpApp;

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    world = await startWorkflowWorld(db());
    slack = new FakeSlack();
    slack.install();
    http = await startSlackHttpApp(world.services, captureLogs('warn').logger);
  });

  afterEach(async () => {
    await http.stop();
    await world.close();
    nock.cleanAll();
  });

  const reply = async (text: string) => {
    await sendSlashCommand(http.url, { user: 'UALICE', text });
    return JSON.stringify(slack.responses.at(-1)?.body ?? {});
  };

  it('`SOURCE_TWO` finds `source_tWO`: case is ignored when one input matches', async () => {
    const shown = await reply('input show SOURCE_TWO');
    expect(shown).toContain('source_tWO');
    expect(shown).not.toContain('No input named');
    // A change names the input it found, by its own name (source_tWO is seeded paused).
    await sendSlashCommand(http.url, { user: 'UALICE', text: 'input resume SOURCE_TWO' });
    const [card] = slack.callsOf('chat.postMessage');
    expect(String(card?.body.text)).toContain('Resume input source_tWO');
  });

  it('a prefix is not a name: `mixpanel` does not find `mixpanel_engage_one`', async () => {
    expect(await reply('input show mixpanel')).toContain('No input named `mixpanel`');
  });

  it('when two inputs differ only by case, only the exact name finds one', async () => {
    world.sandbox.createInput({ name: 'Source_Two', type: 'ODBC', configuration: {} });
    expect(await reply('input show SOURCE_TWO')).toContain('No input named `SOURCE_TWO`');
    const exact = await reply('input show Source_Two');
    expect(exact).toContain('Source_Two');
    expect(exact).not.toContain('No input named');
  });
});
