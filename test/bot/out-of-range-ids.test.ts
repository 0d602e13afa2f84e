import { expect, it } from 'vitest';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand } from '../support/slack-http.js';
import { useSlackHttpWorld } from '../support/slack-http-world.js';

/**
 * Ids in signed requests larger than any row can have. PostgreSQL answers a lookup by such an id with an error
 * ("out of range for type integer"), not with no rows: each must still get the answer a missing row gets.
 */
describeEachBackend('ids past the database integer in signed requests', (backend) => {
  const db = useTestDatabase(backend);
  const env = useSlackHttpWorld(db);

  const lastReply = () => String(env().slack.responses.at(-1)?.body.text ?? '');

  it.each([
    ['a change button', 'change_approve', '99999999999999999999', /That button is malformed/],
    ['an alert button', 'alert_ack', '99999999999999999999:1', /That button is malformed/],
    ['an alert button (ten digits)', 'alert_ack', '9999999999:1', /This alert no longer exists/],
    ['a snooze button (ten digits)', 'alert_snooze1h', '2147483648:1', /This alert no longer exists/],
    ['a pause-input button (ten digits)', 'alert_pause', '2147483648:1', /out of date/],
  ])('answers %s carrying %s %s clearly, not with an internal error', async (_what, actionId, value, answer) => {
    const response = await sendButtonClick(env().url, { user: 'UBOB', actionId, value });
    expect(response.status).toBe(200);
    expect(lastReply()).toMatch(answer);
    expect(env().logText()).not.toMatch(/out of range|unexpected error/);
  });

  it.each([['audit #99999999999999999999'], ['audit #2147483648']])(
    'answers `%s` as a missing request, not with an internal error',
    async (text) => {
      const response = await sendSlashCommand(env().url, { user: 'UALICE', text });
      expect(response.status).toBe(200);
      expect(lastReply()).toMatch(/No audit entries/);
      expect(lastReply()).not.toMatch(/Something went wrong/);
      expect(env().logText()).not.toMatch(/out of range|unexpected error/);
    },
  );
});
