import type { CommandSpec } from './command-grammar.js';

/**
 * The README's commands table, generated from the same specs that parse commands and print help (`npm run docs`
 * rewrites it; test/readme-commands.test.ts fails when it drifts). Each command gets an example built from its
 * pattern with a sample value per placeholder, and the test checks that every example parses to its own command.
 */

export const COMMANDS_START = '<!-- commands:start -->';
export const COMMANDS_END = '<!-- commands:end -->';

/** Sample values for placeholders, by `<command> <placeholder>` first, then by placeholder alone. */
const SAMPLES: Record<string, string> = {
  input: 'mixpanel_engage_one',
  event: 'PUBLIC.ORDERS',
  mode: 'STRICT',
  keys: 'ID,CREATED_AT',
  type: 'ODBC',
  resource: 'mixpanel_engage_one',
  id: '#12',
  request: '#12',
  path: 'shipping.zip',
  column: 'SHIPPING_ZIP',
  schema: 'PUBLIC',
  table: 'ORDERS',
  target: 'PUBLIC.ORDERS_V2',
  source: 'production_database',
  tables: 'public.orders,public.users',
  length: '512',
  rule: 'deny',
  onoff: 'on',
  parameter: 'table_name',
  template: '{{ table }}_copy',
  cron: '0 */2 * * *',
  status: '500',
  n: '2',
  new: 'ZIP',
  into: 'TOTAL',
  metrics: 'EVENTS_IN_PIPELINE',
  minutes: '60',
  'secret name': 'API_TOKEN',
  'input create name': 'orders_copy',
  'input create existing': 'production_database',
  'input set path': 'batch_size',
  'input set value': '500',
  'input set-credential path': 'auth.password',
  'ddl add type': 'VARCHAR 16',
  'ddl type type': 'NUMBER 14,2',
  'ddl combine type': 'NUMBER 14,2',
  'mapping type': 'NUMBER 14,2 not-null',
  'mapping field add type': 'VARCHAR 16 not-null',
  'consolidation options': 'cron "0 * * * *"',
  'mapping options': 'table ORDERS_V2',
};

/** A placeholder's sample: the most specific key that has one, else the placeholder's name in capitals. */
function sample(words: readonly string[], name: string): string {
  for (let i = words.length; i >= 0; i--) {
    const key = [...words.slice(0, i), name].join(' ');
    const value = SAMPLES[key];
    if (value !== undefined) return value;
  }
  return name.toUpperCase();
}

/** A typed command for a pattern: literals as they are, required placeholders filled in, optional parts left out. */
export function exampleOf(pattern: string): string {
  const literals: string[] = [];
  const words: string[] = [];
  for (const part of pattern.match(/\[[^\]]*\]|\S+/g) ?? []) {
    if (part.startsWith('[')) continue;
    if (part.startsWith('<')) {
      const value = sample(literals, part.replace(/^<|(\.\.\.)?>$/g, ''));
      words.push(
        /\s/.test(value) && !value.includes('"') && part.endsWith('>') && !part.endsWith('...>') ? `"${value}"` : value,
      );
    } else {
      literals.push(part);
      words.push(part);
    }
  }
  return words.join(' ');
}

/** `input pause` → `input`: commands group by their first word, in the order help lists them. */
const familyOf = (spec: CommandSpec) => spec.pattern.split(' ')[0] ?? '';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${cell(text)}\``;

/** The markdown table: family, usage, example, description; one row per command, families in help order. */
export function renderCommandTable(specs: readonly CommandSpec[], command: string): string {
  const families = [...new Set(specs.map(familyOf))];
  const rows = families.flatMap((family) =>
    specs
      .filter((spec) => familyOf(spec) === family)
      .map(
        (spec, index) =>
          `| ${index === 0 ? `**${family}**` : ''} | ${code(`${command} ${spec.pattern}`)} | ${code(`${command} ${spec.example ?? exampleOf(spec.pattern)}`)} | ${cell(spec.description)} |`,
      ),
  );
  return ['| | usage | example | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README with the text between the markers replaced by the table; throws when the markers are missing. */
export function withCommandTable(readme: string, table: string): string {
  const start = readme.indexOf(COMMANDS_START);
  const end = readme.indexOf(COMMANDS_END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the ${COMMANDS_START} … ${COMMANDS_END} markers`);
  return `${readme.slice(0, start + COMMANDS_START.length)}\n${table}\n${readme.slice(end)}`;
}
