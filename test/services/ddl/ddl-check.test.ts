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

/**
 * The tuples of managealooma's ColumnDDL documentation (seeds: "Column DDL", one example per change_type, single and
 * list form), as `('schema_name.table_name', column, …)`. Each generates a script that runs on scratch tables holding
 * the columns it names, with and without the `_LOG` twin, in both cases. (The documented rename tuples carry a type,
 * which managealooma ignores; pipeops' rename takes none.)
 */
const documented: { changeType: string; tuples: string[][] }[] = [
  { changeType: 'add', tuples: [['schema_name.table_name', 'column_one', 'INT']] },
  {
    changeType: 'add',
    tuples: [
      ['schema_name.table_name', 'column_one', 'INT'],
      ['schema_name.table_name', 'column_two', 'VARCHAR(16777216)'],
    ],
  },
  { changeType: 'data_type', tuples: [['schema_name.table_name', 'column_one', 'INT']] },
  {
    changeType: 'data_type',
    tuples: [
      ['schema_name.table_name', 'column_one', 'INT'],
      ['schema_name.table_name', 'column_two', 'VARCHAR(16777216)'],
    ],
  },
  { changeType: 'drop', tuples: [['schema_name.table_name', 'column_one']] },
  {
    changeType: 'drop',
    tuples: [
      ['schema_name.table_name', 'column_one'],
      ['schema_name.table_name', 'column_two'],
    ],
  },
  { changeType: 'rename', tuples: [['schema_name.table_name', 'my_bad_column', 'my_good_column', 'INT']] },
  {
    changeType: 'rename',
    tuples: [
      ['schema_name.table_name', 'my_bad_column_one', 'my_good_column_one', 'INT'],
      ['schema_name.table_name', 'my_bad_column_two', 'my_good_column_two', 'VARCHAR(16777216)'],
    ],
  },
  { changeType: 'combine', tuples: [['schema_name.table_name', 'my_bad_column', 'my_good_column', 'INT']] },
  {
    changeType: 'combine',
    tuples: [
      ['schema_name.table_name', 'my_bad_column_name_one', 'my_good_column_name_one', 'INTEGER'],
      ['schema_name.table_name', 'my_bad_column_name_two', 'my_good_column_name_two', 'VARCHAR(16777216)'],
    ],
  },
];

/** A documented tuple as pipeops' change, and the scratch columns the table must have before it. */
function fromTuple(changeType: string, [qualifiedName = '', a = '', b = '', c = '']: string[]) {
  const [schema = '', table = ''] = qualifiedName.split('.');
  const target = { schema, table };
  switch (changeType) {
    case 'add':
      return { change: { op: 'add', table: target, column: a, type: b } as ColumnChange, columns: [] };
    case 'data_type':
      return {
        change: { op: 'type', table: target, column: a, type: b } as ColumnChange,
        columns: [{ name: a, type: 'VARCHAR(16777216)' }],
      };
    case 'drop':
      return { change: { op: 'drop', table: target, column: a } as ColumnChange, columns: [{ name: a, type: 'INT' }] };
    case 'rename':
      return {
        change: { op: 'rename', table: target, column: a, newName: b } as ColumnChange,
        columns: [{ name: a, type: c }],
      };
    default:
      return {
        change: { op: 'combine', table: target, column: a, into: b, type: c } as ColumnChange,
        columns: [
          { name: a, type: 'VARCHAR(16777216)' },
          { name: b, type: c },
        ],
      };
  }
}

describeEachBackend("ColumnDDL documentation's examples, generated and executed", (backend) => {
  const db = useTestDatabase(backend);

  for (const example of documented) {
    for (const hasLog of [false, true]) {
      for (const scriptCase of ['UPPER', 'lower'] as const) {
        const label = `${example.changeType}, ${example.tuples.length} tuple(s), ${hasLog ? 'has log' : 'no log'}, ${scriptCase}`;
        it(label, async () => {
          const parsed = example.tuples.map((tuple) => fromTuple(example.changeType, tuple));
          const script = columnDdl(
            parsed.map((p) => p.change),
            { hasLog, case: scriptCase },
          );
          // One block per tuple; each names the table and, with has_log, its _LOG twin.
          expect(script.blocks).toHaveLength(example.tuples.length);
          const cased = (name: string) => (scriptCase === 'UPPER' ? name.toUpperCase() : name.toLowerCase());
          const base = { schema: cased('schema_name'), table: cased('table_name') };
          expect(script.text).toContain(`"${base.schema}"."${base.table}"`);
          expect(script.text.includes(`"${base.table}${cased('_LOG')}"`)).toBe(hasLog);
          const columns = [
            { name: cased('id'), type: 'NUMBER(38,0)' },
            ...parsed.flatMap((p) => p.columns.map((column) => ({ ...column, name: cased(column.name) }))),
          ];
          const tables = [base, ...(hasLog ? [{ ...base, table: `${base.table}${cased('_LOG')}` }] : [])];
          const report = await checkDdl(
            db(),
            script,
            tables.map((table) => ({ table, columns })),
          );
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
        });
      }
    }
  }
});
