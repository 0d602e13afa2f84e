import { expect, it } from 'vitest';
import { type ColumnChange, columnDdl } from '../../../src/services/ddl/column-ddl.js';
import { checkDdl, type ScratchTable } from '../../../src/services/ddl/ddl-check.js';
import { describeEachBackend, useTestDatabase } from '../../support/database/index.js';

const ORDERS = { schema: 'PUBLIC', table: 'ORDERS' };
const columns = [
  { name: 'ID', type: 'NUMBER(38,0)' },
  { name: 'NAME', type: 'VARCHAR(16777216)' },
  { name: 'PAID', type: 'BOOLEAN' },
  { name: 'CREATED_AT', type: 'TIMESTAMP' },
];
const scratch = (hasLog: boolean): ScratchTable[] => [
  { table: ORDERS, columns },
  ...(hasLog ? [{ table: { ...ORDERS, table: 'ORDERS_LOG' }, columns }] : []),
];

describeEachBackend('column DDL check, executed and rolled back', (backend) => {
  const db = useTestDatabase(backend);
  const check = (change: ColumnChange, hasLog = false) =>
    checkDdl(db(), columnDdl([change], { hasLog, case: 'UPPER' }), scratch(hasLog));

  it('accepts a valid script on the table and its _LOG twin, and lists what it could not check', async () => {
    const report = await check({ op: 'add', table: ORDERS, column: 'NOTE', type: 'VARCHAR(100)' }, true);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.unchecked.join('\n')).toMatch(/BEGIN TRANSACTION/);
    const typeChange = await check({ op: 'type', table: ORDERS, column: 'NAME', type: 'VARCHAR(256)' }, true);
    expect(typeChange).toMatchObject({ ok: true });
  });

  it('catches a bad type before executing anything', async () => {
    for (const [type, problem] of [
      ['VARCHAR(0)', 'VARCHAR length must be 1..16777216, got 0'],
      ['VARCHAR(16777217)', 'VARCHAR length must be 1..16777216, got 16777217'],
      ['NUMBER(5,10)', 'NUMBER scale (10) must not exceed its precision (5)'],
      ['INTEGR', 'unknown column type `INTEGR`'],
    ] as const) {
      const report = await check({ op: 'add', table: ORDERS, column: 'NOTE', type });
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toContain(problem);
    }
  });

  it('catches statements the scratch table refuses: a missing column, an existing column', async () => {
    const rename = await check({ op: 'rename', table: ORDERS, column: 'NOPE', newName: 'YES' });
    expect(rename.ok).toBe(false);
    expect(rename.problems[0]).toMatch(/^RENAME COLUMN NOPE TO YES on PUBLIC\.ORDERS: .*NOPE/);
    const add = await check({ op: 'add', table: ORDERS, column: 'NAME', type: 'VARCHAR(10)' }, true);
    expect(add.ok).toBe(false);
    expect(add.problems[0]).toMatch(/^ADD COLUMN NAME VARCHAR\(10\) on PUBLIC\.ORDERS: .*NAME/);
    const drop = await check({ op: 'drop', table: ORDERS, column: 'GONE' });
    expect(drop.problems[0]).toMatch(/GONE/);
  });

  it('lower-case DDL on an upper-case table: refused on PostgreSQL (quoted names are exact), unchecked on SQLite', async () => {
    const lower = await checkDdl(
      db(),
      columnDdl([{ op: 'drop', table: ORDERS, column: 'NAME' }], { hasLog: false, case: 'lower' }),
      [{ table: { schema: 'public', table: 'orders' }, columns }],
    );
    if (db().backend === 'sqlite') {
      expect(lower.unchecked.join('\n')).toMatch(/case of names/);
    } else {
      expect(lower.ok).toBe(false);
    }
  });

  it('a cast the engine cannot make: refused on PostgreSQL, listed as unchecked on SQLite', async () => {
    const report = await check({ op: 'type', table: ORDERS, column: 'PAID', type: 'TIMESTAMP' });
    if (db().backend === 'sqlite') {
      expect(report.ok).toBe(true);
      expect(report.unchecked.join('\n')).toMatch(/casts between types/);
    } else {
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatch(/^SET PAID = PAID_TMP::TIMESTAMP on PUBLIC\.ORDERS: .*cast/i);
    }
  });

  it('leaves nothing behind: the scratch tables are rolled back', async () => {
    const change: ColumnChange = { op: 'add', table: ORDERS, column: 'NOTE', type: 'VARCHAR(100)' };
    expect((await check(change)).ok).toBe(true);
    expect((await check(change)).ok).toBe(true);
    const leftovers =
      db().backend === 'sqlite'
        ? await db().query("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
        : await db().query(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'pipeops_ddl_check_%'",
          );
    expect(leftovers.rows).toEqual([]);
  });
});
