import { z } from 'zod';

/** A Slack user id as Slack sends it: `U…`, or `W…` on Enterprise Grid. Anything else is not a person. */
export const SlackUserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'not a Slack user id');

/** The largest id a PostgreSQL `integer` column holds; a larger "id" would be a database error, not a lookup. */
export const MAX_DATABASE_ID = 2_147_483_647;

/** A change request id carried as text (a button value): decimal digits, 1 … MAX_DATABASE_ID. */
export const RequestIdText = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'button value must be a change request id')
  .refine((text) => Number(text) <= MAX_DATABASE_ID, 'button value is larger than any change request id');
