import { z } from 'zod';

/** A modal as the console keeps it: Slack's view fields the console uses, as the app sent them. */
export interface ConsoleView {
  id: string;
  hash: string;
  /** The view payload as the app sent it (`type: 'modal'`, title, blocks, callback_id, private_metadata, …). */
  view: ConsoleViewPayload;
}

const PlainText = z.object({ type: z.string(), text: z.string() });

export const ConsoleViewPayloadSchema = z.looseObject({
  type: z.literal('modal'),
  title: PlainText,
  blocks: z.array(z.looseObject({ type: z.string() })).max(100),
  callback_id: z.string().optional(),
  private_metadata: z.string().max(3000).optional(),
  submit: PlainText.optional(),
  close: PlainText.optional(),
  notify_on_close: z.boolean().optional(),
  external_id: z.string().optional(),
});
export type ConsoleViewPayload = z.infer<typeof ConsoleViewPayloadSchema>;

/** The `view` argument arrives as a JSON string in form bodies, or as an object in JSON bodies. */
const ViewArg = z.union([
  z.string().transform((text) => JSON.parse(text) as unknown),
  z.record(z.string(), z.unknown()),
]);

const OpenArgs = z.object({ trigger_id: z.string().min(1), view: ViewArg });
const UpdateArgs = z.object({
  view_id: z.string().optional(),
  external_id: z.string().optional(),
  hash: z.string().optional(),
  view: ViewArg,
});

/** Slack allows a root view and two pushed ones. */
const MAX_STACK = 3;

export type ViewsResult = { ok: true; view: ConsoleView } | { ok: false; error: string };

/**
 * The modal stack of the console's one user, answering views.open / views.update / views.push like Slack does
 * (same errors for the cases the console can meet: a bad view, an unknown id, a stale hash, a full stack).
 */
export class ConsoleViews {
  readonly #stack: ConsoleView[] = [];
  #ids = 0;
  #hashes = 0;

  /** The modal on top, the one the user sees; undefined when none is open. */
  get top(): ConsoleView | undefined {
    return this.#stack.at(-1);
  }

  get depth(): number {
    return this.#stack.length;
  }

  call(method: 'views.open' | 'views.update' | 'views.push', args: Record<string, unknown>): ViewsResult {
    if (method === 'views.update') return this.#update(args);
    const parsed = OpenArgs.safeParse(args);
    if (!parsed.success) return { ok: false, error: 'invalid_arguments' };
    const payload = ConsoleViewPayloadSchema.safeParse(parsed.data.view);
    if (!payload.success) return { ok: false, error: 'invalid_arguments' };
    if (method === 'views.push') {
      if (this.#stack.length === 0) return { ok: false, error: 'not_found' };
      if (this.#stack.length >= MAX_STACK) return { ok: false, error: 'push_limit_reached' };
    } else {
      this.#stack.length = 0;
    }
    const view = { id: `V${++this.#ids}`, hash: this.#nextHash(), view: payload.data };
    this.#stack.push(view);
    return { ok: true, view };
  }

  /** `response_action: 'update'` of a submission: the top view replaced. */
  replaceTop(payload: unknown): ConsoleView | undefined {
    const top = this.top;
    const parsed = ConsoleViewPayloadSchema.safeParse(payload);
    if (!top || !parsed.success) return undefined;
    top.view = parsed.data;
    top.hash = this.#nextHash();
    return top;
  }

  /** `response_action: 'push'` of a submission. */
  push(payload: unknown): ConsoleView | undefined {
    const parsed = ConsoleViewPayloadSchema.safeParse(payload);
    if (!parsed.success || this.#stack.length >= MAX_STACK) return undefined;
    const view = { id: `V${++this.#ids}`, hash: this.#nextHash(), view: parsed.data };
    this.#stack.push(view);
    return view;
  }

  /** Closes the top view (a submission without response_action, or Cancel); returns it. */
  closeTop(): ConsoleView | undefined {
    return this.#stack.pop();
  }

  /** `response_action: 'clear'`: every view closed. */
  clear(): void {
    this.#stack.length = 0;
  }

  #update(args: Record<string, unknown>): ViewsResult {
    const parsed = UpdateArgs.safeParse(args);
    if (!parsed.success || (!parsed.data.view_id && !parsed.data.external_id)) {
      return { ok: false, error: 'invalid_arguments' };
    }
    const { view_id: viewId, external_id: externalId, hash } = parsed.data;
    const target = this.#stack.find((v) => (viewId ? v.id === viewId : v.view.external_id === externalId));
    if (!target) return { ok: false, error: 'not_found' };
    if (hash !== undefined && hash !== target.hash) return { ok: false, error: 'hash_conflict' };
    const payload = ConsoleViewPayloadSchema.safeParse(parsed.data.view);
    if (!payload.success) return { ok: false, error: 'invalid_arguments' };
    target.view = payload.data;
    target.hash = this.#nextHash();
    return { ok: true, view: target };
  }

  #nextHash(): string {
    return `${Date.now()}.console${++this.#hashes}`;
  }
}
