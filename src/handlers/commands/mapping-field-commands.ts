import { z } from 'zod';
import { FieldPathSchema } from '../../services/mappings/mapping-fields.js';
import { ColumnTypeArg, NameListArg, splitCase } from './column-type-args.js';
import { defineCommand } from './pipeline-command-spec.js';
import { proposeChange } from './propose-change.js';

const event = z.string().min(1);
const path = FieldPathSchema;

/** Field-by-field and table-level mapping changes (managealooma's Mappings), each a change request. */
export const mappingFieldCommands = [
  defineCommand({
    pattern: 'mapping <event> field add <path> <column> <type...>',
    example: 'mapping PUBLIC.ORDERS field add shipping.zip SHIPPING_ZIP VARCHAR 16 not-null',
    description:
      'Propose mapping a field (dotted path for nested fields) to a new column. Types: NUMBER [precision,scale], VARCHAR [length 1..16777216] [truncate], BOOLEAN, VARIANT, FLOAT, TIMESTAMP; flag not-null. Like every field and table change (not mode or keys), the card lists the fields affected and the warehouse DDL, checked.',
    args: z.object({ event, path, column: z.string().min(1), type: ColumnTypeArg }),
    run: (ctx, a) =>
      proposeChange(ctx, 'mapping.field.add', { event: a.event, path: a.path, column: a.column, columnType: a.type }),
  }),
  defineCommand({
    pattern: 'mapping <event> field delete <path>',
    example: 'mapping PUBLIC.ORDERS field delete created_at',
    description:
      'Propose deleting a field from the mapping; its column stays in the warehouse (the card lists the DROP COLUMN as optional).',
    args: z.object({ event, path }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.delete', a),
  }),
  defineCommand({
    pattern: 'mapping <event> field type <path> <type...>',
    example: 'mapping PUBLIC.ORDERS field type total NUMBER 14,2 not-null',
    description:
      "Propose a new column type for a mapped field; the card shows managealooma's change_column_data_type DDL, checked.",
    args: z.object({ event, path, type: ColumnTypeArg }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.type', { event: a.event, path: a.path, columnType: a.type }),
  }),
  defineCommand({
    pattern: 'mapping <event> field length <path> <length>',
    example: 'mapping PUBLIC.ORDERS field length shipping.city 512',
    description: 'Propose a new VARCHAR length (1..16777216) for a mapped VARCHAR field.',
    args: z.object({
      event,
      path,
      length: z.coerce.number({ error: 'must be a number' }).int('must be a whole number'),
    }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.length', a),
  }),
  defineCommand({
    pattern: 'mapping <event> field null <path> <rule>',
    example: 'mapping PUBLIC.ORDERS field null name deny',
    description: 'Propose allowing (`allow`) or denying (`deny`) NULL in a mapped field.',
    args: z.object({ event, path, rule: z.enum(['allow', 'deny'], { error: 'must be allow or deny' }) }),
    run: (ctx, a) =>
      proposeChange(ctx, 'mapping.field.null', { event: a.event, path: a.path, allowNull: a.rule === 'allow' }),
  }),
  defineCommand({
    pattern: 'mapping <event> field discard <path>',
    example: 'mapping PUBLIC.ORDERS field discard total',
    description: 'Propose discarding a field: Alooma loads it nowhere.',
    args: z.object({ event, path }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.discard', a),
  }),
  defineCommand({
    pattern: 'mapping <event> consolidation <schema> <table> <keys...>',
    example: 'mapping PUBLIC.ORDERS consolidation PUBLIC ORDERS ID,CREATED_AT',
    description: 'Propose the consolidated table and its keys (comma-separated; each must be a column of the mapping).',
    args: z.object({ event, schema: z.string().min(1), table: z.string().min(1), keys: NameListArg }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.consolidation', a),
  }),
  defineCommand({
    pattern: 'mapping <event> use-log',
    example: 'mapping PUBLIC.ORDERS use-log',
    description:
      'Propose loading into `<TABLE>_LOG` and consolidating into the table; the card shows the table rename the warehouse needs first.',
    args: z.object({ event }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.use-log', a),
  }),
  defineCommand({
    pattern: 'mapping <event> manual-consolidation <schema> <table> <keys...>',
    example: 'mapping PUBLIC.ORDERS manual-consolidation PUBLIC ORDERS ID lower',
    description:
      'Propose the mapping for a manually created `_LOG` table and its consolidation: keys, then optionally `lower` (which lowers the schema and table too).',
    args: z.object({
      event,
      schema: z.string().min(1),
      table: z.string().min(1),
      keys: z.string().transform((text, ctx) => {
        const split = splitCase(text);
        const keys = split.text.split(/[\s,]+/).filter((key) => key !== '');
        if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'give at least one key' });
        return { keys, case: split.case };
      }),
    }),
    run: (ctx, a) =>
      proposeChange(ctx, 'mapping.manual-consolidation', {
        event: a.event,
        schema: a.schema,
        table: a.table,
        keys: a.keys.keys,
        case: a.keys.case,
      }),
  }),
  defineCommand({
    pattern: 'mapping <event> copy-to <target> [schema <schema>] [table <table>] [input <input>]',
    example: 'mapping PUBLIC.ORDERS copy-to PUBLIC.ORDERS_V2 table ORDERS_V2',
    description:
      'Propose copying the mapping to another event type (created by the write), optionally into another schema or table, or under another input label.',
    args: z.object({
      event,
      target: z.string().min(1),
      schema: z.string().min(1).optional(),
      table: z.string().min(1).optional(),
      input: z.string().min(1).optional(),
    }),
    async run(ctx, { event: name, ...options }) {
      const source = await ctx.services.mappings.get(name);
      await proposeChange(ctx, 'mapping.copy', { ...options, event: source.name, source });
    },
  }),
];
