/**
 * Bolt, the Web API client and the Socket Mode client log whole request and response bodies at debug
 * (`http request body: {...}`, `http request result: {...}`, `Received a message on the WebSocket: {...}`): message
 * text, blocks, views, modal values, response URLs. Those are what people typed and what pipeops showed them, and a
 * response_url or trigger_id is a credential for a while. Before such a line reaches pipeops' logger, the JSON in it
 * keeps its shape and its identifiers (method, channel, ts, action ids, error codes…) and loses every other string.
 */

const PLACEHOLDER = '[redacted]';

/** Keys whose string values are identifiers or codes, safe and useful to keep in a debug line. */
const KEPT_KEYS = new Set([
  'type',
  'subtype',
  'method',
  'ok',
  'error',
  'warning',
  'needed',
  'provided',
  'channel',
  'channel_id',
  'channel_type',
  'ts',
  'thread_ts',
  'message_ts',
  'event_ts',
  'action_ts',
  'team',
  'team_id',
  'enterprise_id',
  'api_app_id',
  'app_id',
  'bot_id',
  'user',
  'user_id',
  'envelope_id',
  'action_id',
  'block_id',
  'callback_id',
  'command',
  'response_type',
  'id',
  'event_id',
  'retry_reason',
  'reason',
  'response_metadata',
  'messages',
]);

/** Keys that are credentials whatever their value looks like. */
const SECRET_KEY = /token|secret|authorization|password|cookie|response_url|trigger_id|signature/i;

/** `messages` is kept only as the Web API's `response_metadata.messages` (warnings), never as message lists. */
function keeps(key: string, parent: string | null): boolean {
  if (key === 'messages') return parent === 'response_metadata';
  return KEPT_KEYS.has(key);
}

function redactValue(value: unknown, key: string | null, parent: string | null, depth: number): unknown {
  if (key !== null && SECRET_KEY.test(key)) return PLACEHOLDER;
  if (typeof value === 'string') return key !== null && keeps(key, parent) ? value : PLACEHOLDER;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return PLACEHOLDER;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key, parent, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(v, k, key, depth + 1)]),
  );
}

/** A logged object with every body string replaced (see the module comment). */
export function redactSlackLogValue(value: unknown): unknown {
  return redactValue(value, null, null, 0);
}

/**
 * One argument of a Bolt/WebClient log call as text, bodies redacted: an object is redacted and serialised; a
 * string keeps its words and loses the strings of the JSON after its `:` (a JSON that does not parse is dropped).
 */
export function slackLogText(message: unknown): string {
  if (typeof message !== 'string') return JSON.stringify(redactSlackLogValue(message)) ?? String(message);
  // The clients write `<what>: <JSON>`; a bracket elsewhere (`[WARN] …`) is just text.
  const match = /^([^{[]*?:\s*)([{[][\s\S]*)$/.exec(message) ?? /^()([{[][\s\S]*)$/.exec(message);
  if (!match) return message;
  const [, prefix = '', json = ''] = match;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return `${prefix}${PLACEHOLDER}`;
  }
  return `${prefix}${JSON.stringify(redactSlackLogValue(parsed))}`;
}
