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
    description:
      'Propose mapping a field (dotted path) to a new column: `mapping PUBLIC.ORDERS field add shipping.zip SHIPPING_ZIP VARCHAR 16 not-null`. Types: NUMBER [p,s], VARCHAR [length] [truncate], BOOLEAN, VARIANT, FLOAT, TIMESTAMP; flag not-null.',
    args: z.object({ event, path, column: z.string().min(1), type: ColumnTypeArg }),
    run: (ctx, a) =>
      proposeChange(ctx, 'mapping.field.add', { event: a.event, path: a.path, column: a.column, columnType: a.type }),
  }),
  defineCommand({
    pattern: 'mapping <event> field delete <path>',
    description: 'Propose deleting a field from the mapping (its column stays in the warehouse).',
    args: z.object({ event, path }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.delete', a),
  }),
  defineCommand({
    pattern: 'mapping <event> field type <path> <type...>',
    description:
      'Propose a new column type for a mapped field: `mapping PUBLIC.ORDERS field type total NUMBER 14,2 not-null`.',
    args: z.object({ event, path, type: ColumnTypeArg }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.type', { event: a.event, path: a.path, columnType: a.type }),
  }),
  defineCommand({
    pattern: 'mapping <event> field length <path> <length>',
    description: 'Propose a new VARCHAR length (1..16777216) for a mapped field.',
    args: z.object({
      event,
      path,
      length: z.coerce.number({ error: 'must be a number' }).int('must be a whole number'),
    }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.length', a),
  }),
  defineCommand({
    pattern: 'mapping <event> field null <path> <rule>',
    description: 'Propose allowing or denying NULL in a mapped field: `allow` or `deny`.',
    args: z.object({ event, path, rule: z.enum(['allow', 'deny'], { error: 'must be allow or deny' }) }),
    run: (ctx, a) =>
      proposeChange(ctx, 'mapping.field.null', { event: a.event, path: a.path, allowNull: a.rule === 'allow' }),
  }),
  defineCommand({
    pattern: 'mapping <event> field discard <path>',
    description: 'Propose discarding a field (Alooma loads it nowhere).',
    args: z.object({ event, path }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.field.discard', a),
  }),
  defineCommand({
    pattern: 'mapping <event> consolidation <schema> <table> <keys...>',
    description: 'Propose the consolidated table and keys: `mapping PUBLIC.USERS consolidation PUBLIC USERS ID`.',
    args: z.object({ event, schema: z.string().min(1), table: z.string().min(1), keys: NameListArg }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.consolidation', a),
  }),
  defineCommand({
    pattern: 'mapping <event> use-log',
    description: 'Propose loading into `<TABLE>_LOG` and consolidating into the table.',
    args: z.object({ event }),
    run: (ctx, a) => proposeChange(ctx, 'mapping.use-log', a),
  }),
  defineCommand({
    pattern: 'mapping <event> manual-consolidation <schema> <table> <keys...>',
    description:
      'Propose the mapping change for a manually created `_LOG` table; keys, then optionally `lower`: `mapping PUBLIC.ORDERS manual-consolidation PUBLIC ORDERS ID`.',
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
    pattern: 'mapping <event> copy-to <target>',
    description: 'Propose copying the mapping to another event type (created if it does not exist).',
    args: z.object({ event, target: z.string().min(1) }),
    async run(ctx, a) {
      const source = await ctx.services.mappings.get(a.event);
      await proposeChange(ctx, 'mapping.copy', { event: source.name, target: a.target, source });
    },
  }),
  defineCommand({
    pattern: 'mapping <event> copy-to <target> <options...>',
    description:
      'The same with another schema, table or input label: `… copy-to PUBLIC.ORDERS_V2 table ORDERS_V2 schema PUBLIC`.',
    args: z.object({
      event,
      target: z.string().min(1),
      options: z.string().transform((text, ctx) => {
        const words = text.split(/\s+/);
        const options: Record<string, string> = {};
        for (let i = 0; i < words.length; i += 2) {
          const key = words[i]?.toLowerCase() ?? '';
          const value = words[i + 1];
          if (!['schema', 'table', 'input'].includes(key) || value === undefined) {
            ctx.addIssue({
              code: 'custom',
              message: `expected schema <s>, table <t> or input <label>, got \`${words.slice(i).join(' ')}\``,
            });
            return z.NEVER;
          }
          options[key] = value;
        }
        return options;
      }),
    }),
    async run(ctx, a) {
      const source = await ctx.services.mappings.get(a.event);
      await proposeChange(ctx, 'mapping.copy', { event: source.name, target: a.target, source, ...a.options });
    },
  }),
];
