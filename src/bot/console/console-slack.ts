import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { KnownBlock } from '../../handlers/blocks/slack-types.js';
import { CONSOLE_TEAM_ID } from './console-interaction.js';
import { uploadForConsole } from './console-uploads.js';
import { type ConsoleView, ConsoleViews } from './console-views.js';

/** A message in the console's one channel (or an ephemeral shown to one user). */
export interface ConsoleMessage {
  /** 1, 2, 3… in posting order: what `click … @N` refers to. */
  number: number;
  ts: string;
  channel: string;
  threadTs?: string;
  text: string;
  blocks: KnownBlock[];
}

export type ConsoleEvent =
  | { type: 'posted'; message: ConsoleMessage }
  | { type: 'updated'; message: ConsoleMessage }
  | { type: 'ephemeral'; userId: string; text: string; blocks: KnownBlock[] }
  | { type: 'file'; threadOf: ConsoleMessage | undefined; title: string; content: string }
  /** A modal was opened, updated or pushed (views.open / views.update / views.push). */
  | { type: 'view'; view: ConsoleView }
  /** A user's Home tab was published (views.publish). */
  | { type: 'home'; userId: string };

/** A Home tab as published, with the id it was given (what a click on it carries). */
export interface ConsoleHomeView {
  id: string;
  callback_id?: string;
  private_metadata?: string;
  blocks: KnownBlock[];
}

const PublishHome = z.object({
  user_id: z.string(),
  view: z.union([z.string().transform((text) => JSON.parse(text) as unknown), z.record(z.string(), z.unknown())]).pipe(
    z.looseObject({
      callback_id: z.string().optional(),
      private_metadata: z.string().optional(),
      blocks: z.array(z.unknown()).default([]),
    }),
  ),
});

export const CONSOLE_API_URL = 'https://slack.console.pipeops.local/api/';
const RESPONSE_URL_PREFIX = 'https://hooks.console.pipeops.local/respond/';
const UPLOAD_URL_PREFIX = 'https://files.console.pipeops.local/upload/';

const Blocks = z
  .union([z.string().transform((text) => JSON.parse(text) as unknown), z.array(z.unknown())])
  .optional()
  .transform((value) => (Array.isArray(value) ? (value as KnownBlock[]) : []));

const PostMessage = z.object({
  channel: z.string(),
  text: z.string().default(''),
  blocks: Blocks,
  thread_ts: z.string().optional(),
});
const UpdateMessage = z.object({ channel: z.string(), ts: z.string(), text: z.string().default(''), blocks: Blocks });
const PostEphemeral = z.object({ channel: z.string(), user: z.string(), text: z.string().default(''), blocks: Blocks });
const Respond = z.object({ text: z.string().default(''), blocks: z.array(z.unknown()).default([]) });
const CompleteUpload = z.object({
  files: z
    .string()
    .transform((text) => z.array(z.object({ id: z.string(), title: z.string().optional() })).parse(JSON.parse(text))),
  thread_ts: z.string().optional(),
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function formOrJson(init: RequestInit | undefined): Promise<Record<string, unknown>> {
  const body = init?.body;
  if (typeof body === 'string') {
    if (body.startsWith('{')) return JSON.parse(body) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(body));
  }
  if (body instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of body) out[key] = typeof value === 'string' ? value : await value.text();
    return out;
  }
  return {};
}

/** An upload's bytes: the multipart form's file part, or the raw body. */
async function uploadBytes(init: RequestInit | undefined): Promise<Uint8Array> {
  const body = init?.body;
  if (body instanceof FormData) {
    for (const [, value] of body) {
      if (typeof value !== 'string') return new Uint8Array(await value.arrayBuffer());
    }
    const first = [...body.values()][0];
    return new TextEncoder().encode(typeof first === 'string' ? first : '');
  }
  return new Uint8Array(await new Response(body ?? '').arrayBuffer());
}

/**
 * A stand-in for Slack's Web API and response URLs, for the local console. It is handed to Bolt as its
 * `fetch`, so the real WebClient, the real `respond()` and the real listeners run; only the far end is local.
 */
export class ConsoleSlack {
  readonly #messages: ConsoleMessage[] = [];
  /** What the console shows of each upload: its text, or where a binary file was saved. */
  readonly #uploads = new Map<string, string>();
  readonly #uploadNames = new Map<string, string>();
  readonly #filesDir: string;
  readonly #listeners: ((event: ConsoleEvent) => void)[] = [];
  /** The user's modal stack. */
  readonly views = new ConsoleViews();
  /** The Home tab last published for each user. */
  readonly homes = new Map<string, ConsoleHomeView>();
  /** The console's people, for users.list (`/pipeline audit --user @bob`); the session sets it. */
  members: () => { id: string; name: string }[] = () => [];
  #clock = 1_700_000_000;
  #ids = 0;

  /** `filesDir`: where uploaded files that are not text (charts) are saved for the user to open. */
  constructor(options: { filesDir?: string } = {}) {
    this.#filesDir = options.filesDir ?? join(tmpdir(), 'pipeops-console-files');
  }

  onEvent(listener: (event: ConsoleEvent) => void): void {
    this.#listeners.push(listener);
  }

  get messages(): readonly ConsoleMessage[] {
    return this.#messages;
  }

  /** A response_url that delivers to `userId` only. */
  responseUrl(userId: string): string {
    return `${RESPONSE_URL_PREFIX}${userId}/${++this.#ids}`;
  }

  /** Shows an ephemeral to `userId` (used for slash-command acknowledgements with a body). */
  showEphemeral(userId: string, text: string, blocks: KnownBlock[]): void {
    this.#emit({ type: 'ephemeral', userId, text, blocks });
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(RESPONSE_URL_PREFIX)) {
      const userId = url.slice(RESPONSE_URL_PREFIX.length).split('/')[0] ?? '';
      const payload = Respond.parse(await formOrJson(init));
      this.showEphemeral(userId, payload.text, payload.blocks as KnownBlock[]);
      return new Response('ok', { status: 200 });
    }
    if (url.startsWith(UPLOAD_URL_PREFIX)) {
      const id = url.slice(UPLOAD_URL_PREFIX.length);
      const name = this.#uploadNames.get(id) ?? 'file';
      this.#uploads.set(id, uploadForConsole(this.#filesDir, id, name, await uploadBytes(init)));
      return new Response('OK - 0', { status: 200 });
    }
    if (!url.startsWith(CONSOLE_API_URL)) return json({ ok: false, error: 'unknown_host' }, 404);
    const method = url.slice(CONSOLE_API_URL.length);
    return json(this.#call(method, await formOrJson(init)));
  };

  #call(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UPIPEOPS', bot_id: 'BPIPEOPS', team_id: CONSOLE_TEAM_ID };
      case 'chat.postMessage': {
        const a = PostMessage.parse(args);
        const message: ConsoleMessage = {
          number: this.#messages.length + 1,
          ts: `${++this.#clock}.000100`,
          channel: a.channel,
          text: a.text,
          blocks: a.blocks,
          ...(a.thread_ts ? { threadTs: a.thread_ts } : {}),
        };
        this.#messages.push(message);
        this.#emit({ type: 'posted', message });
        return { ok: true, channel: a.channel, ts: message.ts, message: { text: a.text } };
      }
      case 'chat.update': {
        const a = UpdateMessage.parse(args);
        const message = this.#messages.find((m) => m.ts === a.ts && m.channel === a.channel);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = a.text;
        message.blocks = a.blocks;
        this.#emit({ type: 'updated', message });
        return { ok: true, channel: a.channel, ts: a.ts };
      }
      case 'chat.postEphemeral': {
        const a = PostEphemeral.parse(args);
        this.showEphemeral(a.user, a.text, a.blocks);
        return { ok: true, message_ts: `${++this.#clock}.000200` };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++this.#ids}`;
        this.#uploadNames.set(id, typeof args.filename === 'string' ? args.filename : 'file');
        return { ok: true, upload_url: `${UPLOAD_URL_PREFIX}${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const a = CompleteUpload.parse(args);
        for (const file of a.files) {
          const threadOf = this.#messages.find((m) => m.ts === a.thread_ts);
          this.#emit({
            type: 'file',
            threadOf,
            title: file.title ?? file.id,
            content: this.#uploads.get(file.id) ?? '',
          });
        }
        return { ok: true, files: a.files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'views.open':
      case 'views.update':
      case 'views.push': {
        const result = this.views.call(method, args);
        if (!result.ok) return result;
        this.#emit({ type: 'view', view: result.view });
        const { id, hash, view } = result.view;
        return { ok: true, view: { ...view, id, hash, state: { values: {} } } };
      }
      case 'views.publish': {
        const a = PublishHome.parse(args);
        const home: ConsoleHomeView = {
          id: `VHOME${a.user_id}`,
          blocks: a.view.blocks as KnownBlock[],
          ...(a.view.callback_id !== undefined ? { callback_id: a.view.callback_id } : {}),
          ...(a.view.private_metadata !== undefined ? { private_metadata: a.view.private_metadata } : {}),
        };
        this.homes.set(a.user_id, home);
        this.#emit({ type: 'home', userId: a.user_id });
        return { ok: true, view: { ...a.view, id: home.id, type: 'home' } };
      }
      case 'users.list':
        return { ok: true, members: this.members(), response_metadata: { next_cursor: '' } };
      case 'usergroups.users.list':
        // The console has no user groups: group entries in PIPEOPS_APPROVERS grant nothing here.
        return { ok: false, error: 'no_such_subteam' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  #emit(event: ConsoleEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
