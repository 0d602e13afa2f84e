import { z } from 'zod';
import type { EventColumnChange } from '../../services/ddl/ddl-service.js';
import { buildDdlMessage } from '../blocks/ddl-blocks.js';
import { splitCase } from './column-type-args.js';
import { type CommandContext, defineCommand } from './pipeline-command-spec.js';

const event = z.string().min(1);
const column = z.string().min(1);
/** The rest of the words: a Snowflake type such as `VARCHAR(256)` or `NUMBER(12, 2)`, then optionally `lower`. */
const typeAndCase = z.string().transform((text) => splitCase(text));
const optionalCase = z
  .enum(['upper', 'lower', 'UPPER', 'LOWER'], { error: 'must be upper or lower' })
  .optional()
  .transform((value) => (value?.toLowerCase() === 'lower' ? 'lower' : 'UPPER'));

async function printDdl(
  ctx: CommandContext,
  eventType: string,
  change: EventColumnChange,
  scriptCase: 'UPPER' | 'lower',
) {
  await ctx.reply(buildDdlMessage(await ctx.services.ddl.generate(eventType, change, scriptCase)));
}

/**
 * `ddl …`: managealooma's ColumnDDL for an event type's warehouse table (and its `_LOG` twin when it has one),
 * printed privately with the result of the rolled-back check. Nothing is run in the warehouse.
 */
export const ddlCommands = [
  defineCommand({
    pattern: 'ddl add <event> <column> <type...>',
    example: 'ddl add PUBLIC.ORDERS NOTE VARCHAR(256)',
    description:
      "Print managealooma's DDL adding a column to the event type's table (and its `_LOG` twin), checked in a rolled-back transaction; end with `lower` for lower case.",
    args: z.object({ event, column, type: typeAndCase }),
    run: (ctx, a) => printDdl(ctx, a.event, { op: 'add', column: a.column, type: a.type.text }, a.type.case),
  }),
  defineCommand({
    pattern: 'ddl type <event> <column> <type...>',
    example: 'ddl type PUBLIC.ORDERS TOTAL NUMBER(14,2)',
    description: "Print (and check) the DDL changing a column's type: rename to `_TMP`, add, copy with a cast, drop.",
    args: z.object({ event, column, type: typeAndCase }),
    run: (ctx, a) => printDdl(ctx, a.event, { op: 'type', column: a.column, type: a.type.text }, a.type.case),
  }),
  defineCommand({
    pattern: 'ddl drop <event> <column> [case]',
    example: 'ddl drop PUBLIC.USERS CREATED_AT',
    description: 'Print (and check) the DDL dropping a column, optionally in `lower` case.',
    args: z.object({ event, column, case: optionalCase }),
    run: (ctx, a) => printDdl(ctx, a.event, { op: 'drop', column: a.column }, a.case),
  }),
  defineCommand({
    pattern: 'ddl rename <event> <column> <new> [case]',
    example: 'ddl rename PUBLIC.ORDERS NAME CUSTOMER_NAME',
    description: 'Print (and check) the DDL renaming a column, optionally in `lower` case.',
    args: z.object({ event, column, new: column, case: optionalCase }),
    run: (ctx, a) => printDdl(ctx, a.event, { op: 'rename', column: a.column, newName: a.new }, a.case),
  }),
  defineCommand({
    pattern: 'ddl combine <event> <column> <into> <type...>',
    example: 'ddl combine PUBLIC.ORDERS NAME TOTAL NUMBER(14,2)',
    description: 'Print (and check) the DDL copying a column into another where that one is NULL, then dropping it.',
    args: z.object({ event, column, into: column, type: typeAndCase }),
    run: (ctx, a) =>
      printDdl(ctx, a.event, { op: 'combine', column: a.column, into: a.into, type: a.type.text }, a.type.case),
  }),
];
