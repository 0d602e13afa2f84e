import { z } from 'zod';
import { MAX_DATABASE_ID } from '../services/db/database-id.js';

/** A Slack user id as Slack sends it: `U…`, or `W…` on Enterprise Grid. Anything else is not a person. */
export const SlackUserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'not a Slack user id');

/** A change request id carried as text (a button value): decimal digits, 1 … MAX_DATABASE_ID. */
export const RequestIdText = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'button value must be a change request id')
  .refine((text) => Number(text) <= MAX_DATABASE_ID, 'button value is larger than any change request id');
