import { describe, expect, it } from 'vitest';
import { buttonValue, useAlertingSlackWorld } from '../support/alerting-slack-world.js';
import { BOT_TOKEN, eventually, eventuallySome } from '../support/alerting-world.js';
import { useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand } from '../support/slack-http.js';

/** What only Slack's bodies carry: the card's words and the diff's values, and a response URL (a credential). */
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0TEST/42/response-url-canary-0123456789';
const CARD_WORDS = 'Waiting for approval';
const DIFF_VALUE = 'https://mixpanel.com/api/2.0/engage';

describe('LOG_LEVEL=debug: Bolt and the Web API client log through the same redaction (signed HTTP)', () => {
  const db = useTestDatabase('sqlite');
  // The world logs at debug through the production logger (captureLogs' default level).
  const current = useAlertingSlackWorld(db, { rules: 'rules: []' });

  it('keeps their debug lines, with method names and ids, but never a token or a value from a Slack body', async () => {
    const { world, slack } = current();
    await sendSlashCommand(world.slackUrl, {
      user: 'UALICE',
      text: 'input pause mixpanel_engage_one',
      responseUrl: RESPONSE_URL,
    });
    const [card] = await eventuallySome(() => slack.callsOf('chat.postMessage'));
    // The card did carry them: the log lines below saw these bodies.
    expect(JSON.stringify(card?.body)).toContain(CARD_WORDS);
    expect(JSON.stringify(card?.body)).toContain(DIFF_VALUE);
    const value = buttonValue(card, 'change_approve');
    await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'change_approve', value });
    await eventually(() => (slack.callsOf('chat.update').length > 0 ? true : undefined));

    const lines = world
      .logText()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { level: number; component?: string; msg: string });
    const slackLines = lines.filter((line) => line.component === 'bolt' && line.level === 20);
    const messages = slackLines.map((line) => line.msg);
    // Their debug lines are there, still useful: which method, and the shape of what went and came back.
    expect(messages).toEqual(
      expect.arrayContaining([
        "apiCall('chat.postMessage') start",
        expect.stringMatching(/^http request body: \{.*"channel":"C0DATAOPS".*"text":"\[redacted\]"/),
        expect.stringMatching(/^http request result: \{.*"ok":true/),
      ]),
    );
    const text = world.logText();
    for (const secret of [BOT_TOKEN, RESPONSE_URL, CARD_WORDS, DIFF_VALUE]) expect(text).not.toContain(secret);
  });
});
