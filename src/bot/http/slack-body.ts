import { parse as parseQuery } from 'node:querystring';

/** A request body from Slack, decoded: the form fields of a slash command, or the JSON object of the rest. */
export type SlackBody = Record<string, unknown>;

export type ParsedSlackBody = { ok: true; body: SlackBody } | { ok: false; problem: string };

/**
 * Decodes a body the way Bolt's HTTPReceiver does (form fields; a form's `payload` field as JSON; or a JSON body),
 * but refuses, with the reason, what Bolt would route into a crash: `payload=null`, an array, a repeated field, a
 * body with neither a `command` nor a `type`.
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
  } else if (typeof object.type !== 'string') {
    return { ok: false, problem: 'neither a slash command (command) nor an event or interaction (type)' };
  } else if (INTERACTIONS.has(object.type) && typeof (object.user as { id?: unknown } | null)?.id !== 'string') {
    // Bolt reads the user of every interaction before any listener runs, and answers 500 without one.
    return { ok: false, problem: `a ${object.type} payload without user.id` };
  }
  return { ok: true, body: object };
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
