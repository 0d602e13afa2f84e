/** The largest id a PostgreSQL `integer` column holds (every id column is one). */
export const MAX_DATABASE_ID = 2_147_483_647;

/**
 * Whether `id` can name a row at all. A larger number is no row, but PostgreSQL answers it with an error ("out of
 * range for type integer") instead of no rows, so lookups by an id that came from outside check it first.
 */
export function isDatabaseId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_DATABASE_ID;
}
