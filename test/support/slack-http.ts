import { createHmac } from 'node:crypto';
import nock from 'nock';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Slack's v0 request signature: HMAC-SHA256 over `v0:<ts>:<raw body>`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  signature?: string;
  /** `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason: http_timeout`), as on Slack's retries of an event. */
  retryNum?: number;
  /** Defaults to form encoding, what Slack uses for commands and interactivity. */
  contentType?: string;
}

/** Posts `body` as given, signed (unless told otherwise) like Slack signs it. */
export async function sendSigned(url: string, body: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? sign(options.secret ?? SIGNING_SECRET, timestamp, body);
  }
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

const send = sendSigned;

let triggerCounter = 0;

/** Slack gives every interaction its own trigger_id. */
function newTriggerId(): string {
  triggerCounter += 1;
  return `${triggerCounter}.456.trigger${triggerCounter}`;
}

/**
 * The message where FakeSlack last showed each button (`action_id` + value). A button a chat.update removed stays
 * here: a client that has not redrawn the message can still click it, on that message.
 */
const shownButtons = new Map<string, { channel: string; ts: string }>();
const buttonKey = (actionId: string, value: string) => `${actionId} ${value}`;

/** The message (channel, ts) where FakeSlack last showed a button: what a click on it carries as its container. */
export function messageShowing(actionId: string, value: string): { channel: string; ts: string } | undefined {
  return shownButtons.get(buttonKey(actionId, value));
}

function recordButtons(body: Record<string, unknown>, channel: string, ts: string): void {
  const blocks = Array.isArray(body.blocks) ? (body.blocks as { elements?: unknown }[]) : [];
  for (const block of blocks) {
    for (const element of Array.isArray(block.elements) ? (block.elements as Record<string, unknown>[]) : []) {
      if (typeof element.action_id === 'string' && typeof element.value === 'string') {
        shownButtons.set(buttonKey(element.action_id, element.value), { channel, ts });
      }
    }
  }
}

let responseUrlCounter = 0;

/** A response_url on hooks.slack.com, unique per request, so replies can be told apart. */
export function newResponseUrl(): string {
  responseUrlCounter += 1;
  return `https://hooks.slack.com/commands/T0TEST/${responseUrlCounter}/token${responseUrlCounter}`;
}

export function sendSlashCommand(
  url: string,
  fields: { user: string; text: string; channel?: string; command?: string; responseUrl?: string },
  options: SendOptions = {},
): Promise<Response> {
  const body = new URLSearchParams({
    token: 'legacy-token-unused',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: fields.channel ?? 'C0DATAOPS',
    channel_name: 'data-ops',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: fields.command ?? '/pipeline',
    text: fields.text,
    api_app_id: 'A0TEST',
    response_url: fields.responseUrl ?? newResponseUrl(),
    trigger_id: '123.456.abc',
  }).toString();
  return send(url, body, options);
}

/**
 * A click on a button, sent from the message FakeSlack last showed it in (as Slack does: the container is the
 * message the button is on), unless `channel`/`messageTs` say otherwise.
 */
export function sendButtonClick(
  url: string,
  click: { user: string; actionId: string; value: string; channel?: string; messageTs?: string; responseUrl?: string },
  options: SendOptions = {},
): Promise<Response> {
  const shown = shownButtons.get(buttonKey(click.actionId, click.value));
  const channel = click.channel ?? shown?.channel ?? 'C0DATAOPS';
  const messageTs = click.messageTs ?? shown?.ts ?? '1.000001';
  const payload = {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: click.user, username: click.user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-token-unused',
    trigger_id: newTriggerId(),
    container: { type: 'message', message_ts: messageTs, channel_id: channel },
    channel: { id: channel, name: 'data-ops' },
    message: { type: 'message', ts: messageTs, text: 'card' },
    response_url: click.responseUrl ?? newResponseUrl().replace('/commands/', '/actions/'),
    actions: [{ type: 'button', action_id: click.actionId, block_id: 'b', value: click.value, action_ts: '1.2' }],
  };
  return send(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
}

/** A `view_submission` of a modal: `values` as Slack sends them, `{ [block_id]: { [action_id]: value } }`. */
export function sendViewSubmission(
  url: string,
  submission: {
    user: string;
    callbackId: string;
    privateMetadata: string;
    values: Record<string, Record<string, string | null>>;
    viewId?: string;
  },
  options: SendOptions = {},
): Promise<Response> {
  const values = Object.fromEntries(
    Object.entries(submission.values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [actionId, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  const payload = {
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: submission.user, username: submission.user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-token-unused',
    trigger_id: newTriggerId(),
    view: {
      id: submission.viewId ?? 'V0EDITOR',
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: submission.callbackId,
      private_metadata: submission.privateMetadata,
      state: { values },
      hash: '1.abc',
      title: { type: 'plain_text', text: 'Modal' },
      blocks: [],
      app_id: 'A0TEST',
      bot_id: 'B0BOT',
      root_view_id: submission.viewId ?? 'V0EDITOR',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
  return send(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
}

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}

/**
 * nock for Slack's Web API, response URLs and file uploads, recording every call. Web API methods answer
 * like Slack (chat.postMessage returns a fresh ts); `failWith` makes a method answer `ok: false`.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: { url: string; body: Record<string, unknown> }[] = [];
  readonly failWith = new Map<string, string>();
  readonly #held = new Map<string, Promise<void>>();
  #ts = 1_800_000_000;

  /** The next call of `method` is recorded at once but answered only when the returned function is called. */
  holdNext(method: string): () => void {
    let release = () => {};
    this.#held.set(
      method,
      new Promise<void>((done) => {
        release = done;
      }),
    );
    return release;
  }

  install(): void {
    shownButtons.clear();
    nock('https://slack.com')
      .persist()
      .post(/^\/api\/.+/)
      .reply(async (uri, rawBody) => {
        const method = uri.replace('/api/', '');
        const body = decodeBody(rawBody);
        this.calls.push({ method, body });
        const held = this.#held.get(method);
        if (held) {
          this.#held.delete(method);
          await held;
        }
        const error = this.failWith.get(method);
        if (error) return [200, { ok: false, error }];
        const answer = this.#answer(method);
        if ((method === 'chat.postMessage' || method === 'chat.update') && typeof body.channel === 'string') {
          recordButtons(body, body.channel, String(method === 'chat.update' ? body.ts : answer.ts));
        }
        return [200, answer];
      });
    nock('https://hooks.slack.com')
      .persist()
      .post(/.*/)
      .reply((uri, rawBody) => {
        this.responses.push({ url: `https://hooks.slack.com${uri}`, body: decodeBody(rawBody) });
        return [200, 'ok'];
      });
    nock('https://files.slack.com').persist().post(/.*/).reply(200, 'OK - 42');
  }

  /** Calls of one Web API method, with `blocks` decoded. */
  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  #answer(method: string): Record<string, unknown> {
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: 'C0DATAOPS', ts: `${++this.#ts}.000100` };
      case 'chat.update':
        return { ok: true, channel: 'C0DATAOPS', ts: `${this.#ts}.000100` };
      case 'files.getUploadURLExternal':
        return { ok: true, upload_url: 'https://files.slack.com/upload/v1/abc', file_id: 'F0DIFF' };
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: 'F0DIFF', title: 'diff' }] };
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return { ok: true, view: { id: 'V0EDITOR', hash: `${this.#ts}.hash${this.calls.length}` } };
      default:
        return { ok: true };
    }
  }
}

function decodeBody(raw: unknown): Record<string, unknown> {
  const parsed =
    typeof raw === 'string'
      ? raw.startsWith('{')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw))
      : ((raw ?? {}) as Record<string, unknown>);
  for (const key of ['blocks', 'files', 'view']) {
    const value = parsed[key];
    if (typeof value === 'string') parsed[key] = JSON.parse(value);
  }
  return parsed;
}
