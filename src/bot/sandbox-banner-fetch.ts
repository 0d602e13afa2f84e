import { withSandboxBanner, withSandboxBannerView } from '../handlers/blocks/sandbox-banner.js';

/** Web API methods whose `text`/`blocks` are a message someone reads. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.scheduleMessage']);
/** Web API methods whose `view` is shown (Home tab, modals). */
const VIEW_METHODS = new Set(['views.publish', 'views.open', 'views.push', 'views.update']);

/**
 * Bolt's `fetch` (clientOptions.fetch: used by the WebClient and by `respond()`) that puts the SANDBOX banner on
 * every message and view pipeops sends. One place at the edge, so that no card, reply, alert or Home tab built
 * anywhere can forget it. Other requests (file uploads, auth.test, …) pass through untouched.
 */
export function sandboxBannerFetch(inner: () => typeof globalThis.fetch = () => globalThis.fetch): typeof fetch {
  return (input, init) => inner()(input, bannerRequest(urlOf(input), init));
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function bannerRequest(url: string, init: RequestInit | undefined): RequestInit | undefined {
  if (!init || typeof init.body !== 'string') return init;
  const method = new URL(url).pathname.split('/').pop() ?? '';
  if (MESSAGE_METHODS.has(method) || VIEW_METHODS.has(method)) {
    // The WebClient sends form-encoded fields, objects among them as JSON text.
    const form = new URLSearchParams(init.body);
    if (MESSAGE_METHODS.has(method)) {
      const text = form.get('text');
      const blocks = parseJson(form.get('blocks'));
      const bannered = withSandboxBanner({
        ...(text !== null ? { text } : {}),
        ...(Array.isArray(blocks) ? { blocks } : {}),
      });
      if (typeof bannered.text === 'string') form.set('text', bannered.text);
      if (bannered.blocks) form.set('blocks', JSON.stringify(bannered.blocks));
    } else {
      const view = parseJson(form.get('view'));
      if (isObject(view)) form.set('view', JSON.stringify(withSandboxBannerView(view)));
    }
    return { ...init, body: form.toString() };
  }
  // respond(): a JSON message posted to a response_url.
  if (!isJsonRequest(init)) return init;
  const message = parseJson(init.body);
  if (!isObject(message) || (typeof message.text !== 'string' && !Array.isArray(message.blocks))) return init;
  return { ...init, body: JSON.stringify(withSandboxBanner(message)) };
}

function isJsonRequest(init: RequestInit): boolean {
  const headers = new Headers(init.headers);
  return (headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> & { blocks?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
