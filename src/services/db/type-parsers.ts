/**
 * Text-format parsers for the PostgreSQL types whose default JavaScript value differs between PGlite and
 * `pg`, so that both backends return the same row shapes (see database.ts). Types not listed keep their
 * defaults, which agree: int2/int4 → number, numeric → string, json/jsonb → parsed, timestamptz → Date, bool.
 */

/** Type OIDs from PostgreSQL's pg_type catalogue; stable across versions. */
const INT8_OID = 20;
const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;

/** int8 (`count(*)`, bigint columns): a number while exact, a bigint beyond 2^53 rather than a rounded number. */
function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** date: kept as its 'YYYY-MM-DD' text, because a Date would pick a time zone the value does not have. */
function parseDate(text: string): string {
  return text;
}

/** timestamp without time zone: read as UTC (pg would read it in the process's local zone). */
function parseTimestamp(text: string): Date | number {
  if (text === 'infinity') return Number.POSITIVE_INFINITY;
  if (text === '-infinity') return Number.NEGATIVE_INFINITY;
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/** OID → parser, in the shape both PGlite's `parsers` option and a `pg` type override accept. */
export const sharedTypeParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [INT8_OID]: parseInt8,
  [DATE_OID]: parseDate,
  [TIMESTAMP_OID]: parseTimestamp,
};

/** The session settings both backends run with, so that SQL-side date arithmetic and formatting agree too. */
export const sessionSettingsSql = "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'";

/** The same settings as PostgreSQL startup options (pg's `options`), applied before any query. */
export const sessionStartupOptions = '-c TimeZone=UTC -c DateStyle=ISO,MDY';
