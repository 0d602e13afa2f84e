/**
 * pipeops writes its queries once, in PostgreSQL's dialect restricted to a portable subset (see database.ts); this
 * turns such a statement into SQLite's. The subset is small on purpose, so the rewrite stays a handful of
 * well-tested token rules rather than a parser:
 * - `$n` parameters → `?n` (SQLite's numbered parameters keep reuse of one parameter working);
 * - `col = ANY($n::text[])` → `col IN (SELECT value FROM json_each(?n))` (arrays are bound as JSON text);
 * - casts `::jsonb`, `::text`, `::timestamptz`, `::integer`, … are dropped (SQLite's columns carry the types);
 * - `GREATEST(`/`LEAST(` → `max(`/`min(` (SQLite's scalar forms); `FOR UPDATE` is dropped (a SQLite write
 *   transaction already holds the whole database).
 * Text inside single-quoted literals is never touched.
 */
export function toSqliteSql(sql: string): string {
  return mapOutsideLiterals(sql, (code) =>
    code
      .replace(/=\s*ANY\s*\(\s*\$(\d+)(?:::[a-z_]+(?:\[\])?)?\s*\)/gi, 'IN (SELECT value FROM json_each(?$1))')
      .replace(/::[a-z_]+(?:\s*\[\])?/gi, '')
      .replace(/\$(\d+)/g, '?$1')
      .replace(/\bGREATEST\s*\(/gi, 'max(')
      .replace(/\bLEAST\s*\(/gi, 'min(')
      .replace(/\s+FOR\s+UPDATE\b/gi, ''),
  );
}

/** Applies `rewrite` to the parts of `sql` outside single-quoted string literals. */
function mapOutsideLiterals(sql: string, rewrite: (code: string) => string): string {
  let out = '';
  let index = 0;
  while (index < sql.length) {
    const quote = sql.indexOf("'", index);
    if (quote === -1) {
      out += rewrite(sql.slice(index));
      break;
    }
    out += rewrite(sql.slice(index, quote));
    // A literal ends at the next quote that is not doubled ('it''s').
    let end = quote + 1;
    for (;;) {
      const next = sql.indexOf("'", end);
      if (next === -1) {
        end = sql.length;
        break;
      }
      if (sql[next + 1] === "'") {
        end = next + 2;
        continue;
      }
      end = next + 1;
      break;
    }
    out += sql.slice(quote, end);
    index = end;
  }
  return out;
}

/** A JavaScript value as SQLite binds it: Date → epoch ms, boolean → 0/1, array → JSON text. */
export function toSqliteParam(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return value;
}

/** How a result column is read back, from the type its table declares (TIMESTAMPTZ, JSONB, BOOLEAN). */
export type ColumnReader = ((value: unknown) => unknown) | null;

export function columnReaderFor(declaredType: string | null): ColumnReader {
  if (!declaredType) return null;
  const type = declaredType.toUpperCase();
  if (type.startsWith('TIMESTAMP')) return readTimestamp;
  if (type === 'JSON' || type === 'JSONB') return readJson;
  if (type === 'BOOLEAN' || type === 'BOOL') return readBoolean;
  return null;
}

function readTimestamp(value: unknown): unknown {
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') return new Date(value);
  return value;
}

function readJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function readBoolean(value: unknown): unknown {
  return value === null ? null : Boolean(value);
}
