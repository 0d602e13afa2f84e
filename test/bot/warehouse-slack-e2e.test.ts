import { expect, it } from 'vitest';
import { consolidationCommands } from '../../src/handlers/commands/consolidation-commands.js';
import { ddlCommands } from '../../src/handlers/commands/ddl-commands.js';
import { mappingFieldCommands } from '../../src/handlers/commands/mapping-field-commands.js';
import { buttonValue, useAlertingSlackWorld } from '../support/alerting-slack-world.js';
import { describeEachBackend, useTestDatabase } from '../support/database/index.js';
import { sendButtonClick, sendSlashCommand } from '../support/slack-http.js';

/** Mapping field, consolidation and DDL commands through the real Bolt app (signed HTTP, Slack faked with nock). */
describeEachBackend('/pipeline mapping field, consolidation and ddl commands', (backend) => {
  const db = useTestDatabase(backend);
  const current = useAlertingSlackWorld(db, { rules: 'rules: []\n' });

  /** The private answer: the acknowledgement itself (parse errors) or the reply that follows it. */
  async function answer(text: string): Promise<string> {
    const { world, slack } = current();
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
    const { world, slack } = current();
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
      [
        'mapping PUBLIC.ORDERS manual-consolidation PUBLIC ORDERS UUID lower',
        /`UUID` is not a column of `PUBLIC.ORDERS`/,
      ],
      ['mapping PUBLIC.ORDERS copy-to PUBLIC.ORDERS_V2 tabel ORDERS_V2', /unexpected `tabel`.*table/],
      ['mapping PUBLIC.ORDERS field null name maybe', /allow or deny/],
    ];
    for (const [command, expected] of cases) {
      expect(await answer(command), command).toMatch(expected);
    }
    expect(slack.callsOf('chat.postMessage')).toEqual([]);
    expect(await world.services.changes.listPending()).toEqual([]);
  });

  it("every command's documented example does what it says on the seeded sandbox", async () => {
    const { world, slack } = current();
    const specs = [...mappingFieldCommands, ...consolidationCommands, ...ddlCommands];
    for (const spec of specs) {
      expect(spec.example, spec.pattern).toBeDefined();
      const example = spec.example ?? spec.pattern;
      const pendingBefore = (await world.services.changes.listPending()).length;
      const cardsBefore = slack.callsOf('chat.postMessage').length;
      const responsesBefore = slack.responses.length;
      const response = await sendSlashCommand(world.slackUrl, { user: 'UALICE', text: example });
      expect(response.status, example).toBe(200);
      expect(await response.text(), example).toBe('');
      if (/^(consolidation (list|show)|ddl) /.test(`${example} `)) {
        const reply = JSON.stringify(slack.responses.slice(responsesBefore).at(-1)?.body);
        expect(reply, example).toMatch(/Consolidation queries \(2\)|Consolidation of SOURCE_TWO|no problems\./);
      } else {
        expect((await world.services.changes.listPending()).length, example).toBe(pendingBefore + 1);
        expect(slack.callsOf('chat.postMessage').length, example).toBe(cardsBefore + 1);
      }
    }
  });

  it('consolidation list shows the schedule in words and the query in error', async () => {
    const text = await answer('consolidation list');
    expect(text).toContain('Consolidation queries (2)');
    expect(text).toContain('`*/30 * * * *` (Every 30 minutes)');
    expect(text).toMatch(/🔴 error · ▶️ active `SOURCE_TWO.TABLE_ONE`.*error: SQL compilation error/);
    expect(text).toMatch(
      /▶️ active `PUBLIC.USERS` · `\*\/30 \* \* \* \*` \(Every 30 minutes\) · incremental · last run 2019-08-01 00:00:00 → 2019-08-01 00:00:02 · next 2019-08-01 00:30:00/,
    );
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
    const { world, slack } = current();
    for (const text of [
      'mapping PUBLIC.ORDERS field add shipping.zip SHIPPING_ZIP VARCHAR 16 not-null',
      'consolidation create PUBLIC.ORDERS cron "0 * * * *"',
      'mapping PUBLIC.ORDERS copy-to PUBLIC.ORDERS_V2 table ORDERS_V2 input staging',
    ]) {
      expect((await sendSlashCommand(world.slackUrl, { user: 'UALICE', text })).status).toBe(200);
    }
    const pending = await world.services.changes.listPending();
    expect(pending.map((request) => request.kind).sort()).toEqual([
      'consolidation.create',
      'mapping.copy',
      'mapping.field.add',
    ]);
    expect(pending.find((request) => request.kind === 'mapping.copy')?.params).toMatchObject({
      target: 'PUBLIC.ORDERS_V2',
      table: 'ORDERS_V2',
      input: 'staging',
    });
    const cards = JSON.stringify(slack.callsOf('chat.postMessage').map((call) => call.body));
    expect(cards).toContain('Map field shipping.zip of PUBLIC.ORDERS to column SHIPPING_ZIP VARCHAR(16) NOT NULL');
    expect(cards).toContain('Schedule a consolidation of PUBLIC.ORDERS (0 * * * *)');
  });

  it('a field change card names the affected field and shows the checked DDL beside the diff', async () => {
    const { world, slack } = current();
    const text = 'mapping PUBLIC.ORDERS field length shipping.city 512';
    expect((await sendSlashCommand(world.slackUrl, { user: 'UALICE', text })).status).toBe(200);
    const card = JSON.stringify(slack.callsOf('chat.postMessage').at(-1)?.body.blocks);
    expect(card).toContain('Fields affected');
    expect(card).toContain('~ shipping.city: SHIPPING_CITY VARCHAR(256) → SHIPPING_CITY VARCHAR(512)');
    expect(card).toContain('Column DDL (Snowflake)');
    expect(card).toContain('SET \\"SHIPPING_CITY\\" = \\"SHIPPING_CITY_TMP\\"::VARCHAR(512)');
  });

  it('/pipeline status lists the consolidation in error', async () => {
    const text = await answer('status');
    expect(text).toContain('Consolidations in error (1)');
    expect(text).toMatch(/`SOURCE_TWO.TABLE_ONE` · query 12346 · SQL compilation error/);
  });
});

describeEachBackend('consolidation_error alert: the Show query button', (backend) => {
  const db = useTestDatabase(backend);
  const current = useAlertingSlackWorld(db, {
    rules: 'rules:\n  - { id: consolidation-errors, when: consolidation_error }\n',
  });

  it('the alert for the query in error has a Show query button that shows the query privately', async () => {
    const { world, slack } = current();
    const alert = slack
      .callsOf('chat.postMessage')
      .find((call) => JSON.stringify(call.body.blocks).includes('alert_show_query'));
    expect(JSON.stringify(alert?.body.blocks)).toContain('SOURCE_TWO.TABLE_ONE');
    const value = buttonValue(alert, 'alert_show_query');
    expect(value).toMatch(/^\d+:\d+$/);

    const before = slack.responses.length;
    const click = await sendButtonClick(world.slackUrl, { user: 'UBOB', actionId: 'alert_show_query', value });
    expect(click.status).toBe(200);
    const reply = slack.responses.slice(before).at(-1)?.body;
    expect(reply?.response_type).toBe('ephemeral');
    const text = JSON.stringify(reply);
    expect(text).toContain('Consolidation of SOURCE_TWO.TABLE_ONE');
    expect(text).toContain('Last error');
    expect(text).toContain('SQL compilation error');
    expect(text).toContain('Generated SQL');
    expect(text).toContain('MERGE INTO \\"SOURCE_TWO\\".\\"TABLE_ONE\\"');
  });
});
