import { parse as parseQuery } from 'node:querystring';
import { SlackUserId } from '../../handlers/slack-ids.js';

/** A request body from Slack, decoded: the form fields of a slash command, or the JSON object of the rest. */
export type SlackBody = Record<string, unknown>;

export type ParsedSlackBody = { ok: true; body: SlackBody } | { ok: false; problem: string };

/**
 * Decodes a body the way Bolt's HTTPReceiver does (form fields; a form's `payload` field as JSON; or a JSON body),
 * but refuses, with the reason, what Bolt would route into a crash: `payload=null`, an array, a repeated field, a
 * body with neither a `command` nor a `type`; and a command or interaction whose user is not a Slack user id
 * (`U…`/`W…`), which Slack never sends and every handler would record or mention.
 */
export function parseSlackBody(rawBody: Buffer, encoding: 'form' | 'json'): ParsedSlackBody {
  const text = rawBody.toString('utf8');
  let body: unknown;
  if (encoding === 'form') {
    const fields = parseQuery(text);
    const repeated = Object.entries(fields).find(([, value]) => Array.isArray(value));
    if (repeated) return { ok: false, problem: `the form field ${repeated[0]} is repeated` };
    const { payload } = fields;
    if (payload === undefined) {
      body = { ...fields };
    } else {
      const decoded = decodeJson(String(payload), 'the payload field');
      if (!decoded.ok) return decoded;
      body = decoded.value;
    }
  } else {
    const decoded = decodeJson(text, 'the body');
    if (!decoded.ok) return decoded;
    body = decoded.value;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      ok: false,
      problem: `expected a JSON object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`,
    };
  }
  const object = body as SlackBody;
  if (typeof object.command === 'string') {
    if (typeof object.user_id !== 'string') return { ok: false, problem: 'a slash command without user_id' };
    if (!SlackUserId.safeParse(object.user_id).success) {
      return { ok: false, problem: 'a slash command whose user_id is not a Slack user id' };
    }
  } else if (typeof object.type !== 'string') {
    return { ok: false, problem: 'neither a slash command (command) nor an event or interaction (type)' };
  } else if (INTERACTIONS.has(object.type)) {
    const userId = (object.user as { id?: unknown } | null)?.id;
    // Bolt reads the user of every interaction before any listener runs, and answers 500 without one.
    if (typeof userId !== 'string') return { ok: false, problem: `a ${object.type} payload without user.id` };
    if (!SlackUserId.safeParse(userId).success) {
      return { ok: false, problem: `a ${object.type} payload whose user.id is not a Slack user id` };
    }
  }
  const misshapen = misshapenField(object);
  if (misshapen) return { ok: false, problem: misshapen };
  return { ok: true, body: object };
}

/**
 * The fields Bolt reads into before any listener runs, with what each must be when present (Slack's shapes):
 * anything else would be a TypeError inside Bolt, answered with no word of why.
 */
const BOLT_READS: readonly { field: string; nullable: boolean }[] = [
  { field: 'event', nullable: false },
  { field: 'channel', nullable: false },
  { field: 'view', nullable: false },
  // An org-wide install sends `team: null`; a workspace outside Enterprise Grid, `enterprise: null`.
  { field: 'team', nullable: true },
  { field: 'enterprise', nullable: true },
];

function misshapenField(body: SlackBody): string | null {
  for (const { field, nullable } of BOLT_READS) {
    const value = body[field];
    if (value === undefined || (nullable && value === null) || isObject(value)) continue;
    return `the ${field} field is not an object`;
  }
  if ((body.type === 'view_submission' || body.type === 'view_closed') && !isObject(body.view)) {
    return `a ${body.type} payload without a view`;
  }
  if (body.type === 'event_callback' && !isObject(body.event)) return 'an event_callback without an event';
  if (isObject(body.event) && body.event.item !== undefined && !isObject(body.event.item)) {
    return 'the event.item field is not an object';
  }
  const { authorizations } = body;
  if (authorizations !== undefined && !(Array.isArray(authorizations) && authorizations.every(isObject))) {
    return 'the authorizations field is not a list of objects';
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Payload types that always come from a person. */
const INTERACTIONS = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
]);

function decodeJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: `${what} is not JSON` };
  }
}
