import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasApiKey } from './sandbox-auth.js';
import type { FaultInjector, SandboxFault } from './sandbox-faults.js';
import { SandboxHttpError } from './sandbox-http-error.js';
import type { RequestLog } from './sandbox-request-log.js';
import type { Router } from './sandbox-router.js';

export interface SandboxRequestHandlerOptions {
  apiKey: string;
  /** When set, `/<other account>/rest/` answers 401 like a wrong key; unset, any account is accepted. */
  accountName: string | undefined;
  restRouter: Router;
  controlRouter: Router;
  faults: FaultInjector;
  requestLog: RequestLog;
  /** Aborted when the sandbox closes, cutting injected delays short. */
  closing: AbortSignal;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const CONTROL_PREFIX = '/__sandbox/';
const REST_PATH = /^\/rest\/(.*)$/;
const ACCOUNT_REST_PATH = /^\/([^/]+)\/rest\/(.*)$/;
/** The reference client's message for a 401 in API-key mode. */
const UNAUTHORIZED_MESSAGE = 'Invalid key or check account name.';

type Area =
  | { kind: 'rest'; path: string; accountOk: boolean }
  | { kind: 'control'; path: string }
  | { kind: 'unknown' };

/**
 * Serves one request: area (REST root or `/__sandbox/`) → API key → injected fault (REST only) →
 * route → JSON answer. Every REST answer, faulted or not, goes to the request log.
 */
export function createSandboxRequestHandler(options: SandboxRequestHandlerOptions): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      send(res, 500, { error: 'internal_error', message: (error as Error).message });
    });
  };
}

async function handle(options: SandboxRequestHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const area = classify(url.pathname, options.accountName);
  const query = url.search.replace(/^\?/, '');
  const respond = (status: number, body: unknown, faulted = false, text?: string) => {
    if (area.kind === 'rest') options.requestLog.add({ method, path: area.path, query, status, faulted });
    send(res, status, body, text);
  };

  const answerWithFault = (fault: SandboxFault) => {
    if (fault.reset) {
      if (area.kind === 'rest') options.requestLog.add({ method, path: area.path, query, status: 0, faulted: true });
      req.socket.destroy();
      return;
    }
    const status = fault.status ?? 500;
    respond(status, fault.body ?? { error: 'injected_fault', message: `Injected fault: HTTP ${status}` }, true);
  };
  let appliedFault: SandboxFault | undefined;

  try {
    if (area.kind === 'unknown') {
      throw new SandboxHttpError(404, 'not_found', `No such path; the REST root is /rest/ or /<account>/rest/`);
    }
    if (!hasApiKey(req.headers, options.apiKey) || (area.kind === 'rest' && !area.accountOk)) {
      throw new SandboxHttpError(401, 'unauthorized', UNAUTHORIZED_MESSAGE);
    }
    const rawBody = await readBody(req);

    if (area.kind === 'rest') {
      const fault = options.faults.take(method, area.path, safeDecode(area.path));
      if (fault?.delayMs) {
        const completed = await sleep(fault.delayMs, true, { signal: options.closing }).catch(() => false);
        if (!completed) return;
      }
      if (fault && !fault.applied && (fault.status !== undefined || fault.reset)) {
        answerWithFault(fault);
        return;
      }
      appliedFault = fault?.applied ? fault : undefined;
    }

    const router = area.kind === 'rest' ? options.restRouter : options.controlRouter;
    const match = router.match(method, area.path);
    if (match.kind === 'not_found') {
      throw new SandboxHttpError(404, 'not_found', `No such endpoint: ${method} ${area.path}`);
    }
    if (match.kind === 'method_not_allowed') {
      res.setHeader('allow', match.allowed.join(', '));
      throw new SandboxHttpError(405, 'method_not_allowed', `${area.path} allows ${match.allowed.join(', ')}`);
    }
    let parsed: { body: unknown } | undefined;
    const response = await match.handler({
      params: match.params,
      query: url.searchParams,
      rawBody,
      // Parsed when a route reads it, so that routes reading rawBody with Python's json rules accept NaN.
      get body() {
        parsed ??= { body: parseJson(rawBody) };
        return parsed.body;
      },
    });
    if (appliedFault) {
      // Carried out; the answer is what gets lost.
      answerWithFault(appliedFault);
      return;
    }
    respond(response.status, response.body, false, response.text);
  } catch (error) {
    if (error instanceof SandboxHttpError) {
      respond(error.status, { error: error.code, message: error.message });
      return;
    }
    respond(500, { error: 'internal_error', message: (error as Error).message });
  }
}

function classify(pathname: string, accountName: string | undefined): Area {
  if (pathname.startsWith(CONTROL_PREFIX)) return { kind: 'control', path: pathname.slice(CONTROL_PREFIX.length) };
  const plain = REST_PATH.exec(pathname);
  if (plain) return { kind: 'rest', path: plain[1] ?? '', accountOk: true };
  const withAccount = ACCOUNT_REST_PATH.exec(pathname);
  if (withAccount) {
    const account = safeDecode(withAccount[1] ?? '');
    return {
      kind: 'rest',
      path: withAccount[2] ?? '',
      accountOk: accountName === undefined || account === accountName,
    };
  }
  return { kind: 'unknown' };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SandboxHttpError(413, 'payload_too_large', 'Request body over 5 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SandboxHttpError(400, 'bad_request', `Request body is not JSON: ${(error as Error).message}`);
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, body: unknown, text?: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text ?? (body === undefined ? '' : JSON.stringify(body)));
}
