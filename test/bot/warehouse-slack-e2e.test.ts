import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type AlertingWorld, startAlertingWorld } from '../support/alerting-world.js';
import { describeEachBackend, truncateAllTables, useTestDatabase } from '../support/database/index.js';
import { useLoopbackOnlyNetwork } from '../support/loopback-only-network.js';
import { FakeSlack, sendSlashCommand } from '../support/slack-http.js';

/** Mapping field, consolidation and DDL commands through the real Bolt app (signed HTTP, Slack faked with nock). */
describeEachBackend('/pipeline mapping field, consolidation and ddl commands', (backend) => {
  const db = useTestDatabase(backend);
  let slack: FakeSlack;
  let world: AlertingWorld;

  useLoopbackOnlyNetwork();

  beforeEach(async () => {
    await truncateAllTables(db());
    slack = new FakeSlack();
    slack.install();
    world = await startAlertingWorld(db(), { rules: 'rules: []\n' });
  });
  afterEach(async () => {
    await world.close();
    nock.cleanAll();
  });

  /** The private answer: the acknowledgement itself (parse errors) or the reply that follows it. */
  async function answer(text: string): Promise<string> {
    const before = slack.responses.length;
    const response = await sendSlashCommand(world.slackUrl, { user: 'UALICE', text });
    expect(response.status).toBe(200);
    const ack = await response.text();
    if (ack !== '') {
      const body = JSON.parse(ack) as { response_type: string };
      expect(body.response_type).toBe('ephemeral');
      return JSON.stringify(body);
    }
    const reply = slack.responses.slice(before).at(-1);
    expect(reply?.body.response_type).toBe('ephemeral');
    return JSON.stringify(reply?.body ?? {});
  }

  it('bad input is a private error naming the problem, and nothing is proposed', async () => {
    const cases: [string, RegExp][] = [
      ['mapping PUBLIC.ORDERS field add shipping.zip SHIPPING_ZIP VARCHAR 0', /VARCHAR length must be 1\.\.16777216/],
      ['mapping PUBLIC.ORDERS field length name 16777217', /VARCHAR length must be 1\.\.16777216/],
      ['mapping PUBLIC.ORDERS field type total NUMBER 4,6', /NUMBER scale \(6\) must not exceed its precision \(4\)/],
      [
        'mapping PUBLIC.ORDERS field length shiping.city 10',
        /has no field `shiping.city`\. Did you mean `shipping.city`/,
      ],
      ['mapping PUBLIC.ORDERS consolidation PUBLIC ORDERS ID,NOPE', /`NOPE` is not a column of `PUBLIC.ORDERS`/],
      ['consolidation cron PUBLIC.USERS "61 * * * *"', /not a valid cron expression: Invalid value for minute: 61/],
      ['consolidation create PUBLIC.ORDERS cron "* * *"', /has 3 fields; a cron expression has 5/],
      ['ddl add PUBLIC.ORDERS NOTE VARCHAR(0)', /VARCHAR length must be 1\.\.16777216, got 0/],
      ['ddl rename NOPE.TABLE A B', /No event type named `NOPE.TABLE`/],
    ];
    for (const [command, expected] of cases) {
      expect(await answer(command), command).toMatch(expected);
    }
    expect(slack.callsOf('chat.postMessage')).toEqual([]);
    expect(await world.services.changes.listPending()).toEqual([]);
  });

  it('consolidation list shows the schedule in words and the query in error', async () => {
    const text = await answer('consolidation list');
    expect(text).toContain('Consolidation queries (2)');
    expect(text).toContain('`*/30 * * * *` (Every 30 minutes)');
    expect(text).toMatch(/🔴 error `SOURCE_TWO.TABLE_ONE`.*error: SQL compilation error/);
  });

  it('ddl add prints the statements for the table and its _LOG twin, checked', async () => {
    const text = await answer('ddl add PUBLIC.USERS NOTE VARCHAR(256)');
    expect(text).toContain('Column DDL for PUBLIC.USERS (+ _LOG)');
    expect(text).toContain('ALTER TABLE \\"PUBLIC\\".\\"USERS_LOG\\"\\n  ADD COLUMN \\"NOTE\\" VARCHAR(256);');
    expect(text).toContain(`Checked on ${db().backend} (executed and rolled back): no problems.`);
    const missing = await answer('ddl drop PUBLIC.USERS GONE');
    expect(missing).toMatch(/DROP COLUMN GONE on PUBLIC\.USERS: .*GONE/);
  });

  it('a field change and a consolidation schedule are posted as change cards', async () => {
    for (const text of [
      'mapping PUBLIC.ORDERS field add shipping.zip SHIPPING_ZIP VARCHAR 16 not-null',
      'consolidation create PUBLIC.ORDERS cron "0 * * * *"',
    ]) {
      expect((await sendSlashCommand(world.slackUrl, { user: 'UALICE', text })).status).toBe(200);
    }
    const pending = await world.services.changes.listPending();
    expect(pending.map((request) => request.kind).sort()).toEqual(['consolidation.create', 'mapping.field.add']);
    const cards = JSON.stringify(slack.callsOf('chat.postMessage').map((call) => call.body));
    expect(cards).toContain('Map field shipping.zip of PUBLIC.ORDERS to column SHIPPING_ZIP VARCHAR(16) NOT NULL');
    expect(cards).toContain('Schedule a consolidation of PUBLIC.ORDERS (0 * * * *)');
  });

  it('/pipeline status lists the consolidation in error', async () => {
    const text = await answer('status');
    expect(text).toContain('Consolidations in error (1)');
    expect(text).toMatch(/`SOURCE_TWO.TABLE_ONE` · query 12346 · SQL compilation error/);
  });
});
