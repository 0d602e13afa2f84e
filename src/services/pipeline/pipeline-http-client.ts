import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import type { z } from 'zod';
import {
  errorFromStatus,
  errorFromTransport,
  isRetryableStatus,
  type PipelineCallContext,
} from './http-error-mapping.js';
import type { HttpPipelineProviderConfig } from './http-provider-options.js';
import { parsePipelineResponse } from './parse-pipeline-response.js';
import type { PipelineError } from './pipeline-error.js';
import { buildRestUrl } from './rest-url.js';

export type PipelineHttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** One REST call, relative to the REST root. */
export interface PipelineHttpRequest {
  method: PipelineHttpMethod;
  /** Relative to the REST root, segments already quoted (see quotePathSegment). */
  path: string;
  query?: Record<string, string>;
  /** JSON body; omitted means no body at all. */
  json?: unknown;
  /** A body already serialised as JSON text (e.g. with Python's rules by `jsonDumps`); wins over `json`. */
  jsonText?: string;
  /** Overrides the configured per-request deadline (set_mapping uses a longer one). */
  timeoutMs?: number;
  /** What a 404 means, e.g. `event type 'PUBLIC.ORDERS'`. */
  resource: string;
  /** Never quote an error answer's body in errors or logs: it could echo a secret the request sent (`PUT secrets`). */
  withholdAnswer?: boolean;
}

/**
 * The single `send` primitive the reference suggests (alooma-api.md §1): later calls
 * (consolidations, secrets, ...) are one method each on the provider, built on this.
 */
export interface PipelineHttpClient {
  /** Resolves with the 2xx body text; rejects with a PipelineError. */
  send(request: PipelineHttpRequest): Promise<string>;
  /** `send`, then JSON-decode and validate (optionally after `prepare`) the body. */
  sendJson<Schema extends z.ZodType>(
    request: PipelineHttpRequest,
    schema: Schema,
    prepare?: (raw: unknown) => unknown,
  ): Promise<z.output<Schema>>;
}

/** GET and PUT are idempotent (PUT replaces the whole resource), so a retry cannot apply a change twice. */
const IDEMPOTENT_METHODS: ReadonlySet<PipelineHttpMethod> = new Set(['GET', 'PUT']);

/** Reads (GET) are retried after a 429, waiting what Retry-After asks (capped); writes never are. */
const READ_METHODS: ReadonlySet<PipelineHttpMethod> = new Set(['GET']);
const MAX_RETRY_AFTER_MS = 30_000;

type AttemptOutcome =
  | { ok: true; body: string }
  | { ok: false; retryable: boolean; error: PipelineError; retryAfterMs?: number };

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createPipelineHttpClient(config: HttpPipelineProviderConfig): PipelineHttpClient {
  const restUrl = buildRestUrl(config.baseUrl, config.accountName);
  const host = new URL(restUrl).host;
  const logger = config.logger;
  const http = axios.create({
    // Lower-case header name, as the reference client sends it (AP alooma.py:102-104).
    headers: { authorization: `API ${config.apiKey}`, accept: 'application/json' },
    // Status and JSON handling happen here, so every outcome maps to a PipelineError.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    // Bodies are serialised before they get here (JSON.stringify or jsonDumps); axios would re-encode text that
    // JSON.parse rejects (Python's NaN/Infinity) as a JSON string.
    transformRequest: [(data: unknown) => data],
    validateStatus: () => true,
    // A redirect could carry the authorization header to another host; treat it as an error instead.
    maxRedirects: 0,
  });

  async function attempt(request: PipelineHttpRequest, attemptNo: number): Promise<AttemptOutcome> {
    const target = relativeTarget(request);
    const label = callLabel(request);
    const timeoutMs = request.timeoutMs ?? config.timeoutMs;
    const context: PipelineCallContext = {
      label,
      resource: request.resource,
      host,
      timeoutMs,
      attempts: attemptNo,
      secret: config.apiKey,
    };
    // axios' own timeout is a socket-idle timeout; the abort timer makes it a deadline for the whole call.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const started = performance.now();
    const payload = request.jsonText ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
    logger?.debug({ call: label, attempt: attemptNo }, 'pipeline request');
    try {
      const response = await http.request({
        method: request.method,
        url: `${restUrl}${target}`,
        data: payload,
        headers: payload === undefined ? undefined : { 'content-type': 'application/json' },
        timeout: timeoutMs,
        signal: deadline.signal,
      });
      const durationMs = Math.round(performance.now() - started);
      logger?.debug({ call: label, attempt: attemptNo, status: response.status, durationMs }, 'pipeline response');
      const body = typeof response.data === 'string' ? response.data : '';
      if (response.status >= 200 && response.status < 300) return { ok: true, body };
      if (response.status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
        return {
          ok: false,
          // Rate limited: nothing was done, so a read can wait and try again; a write is left to the caller.
          retryable: READ_METHODS.has(request.method),
          error: errorFromStatus(response.status, request.withholdAnswer ? '' : body, context),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
      }
      return {
        ok: false,
        retryable: isRetryableStatus(response.status),
        error: errorFromStatus(response.status, request.withholdAnswer ? '' : body, context),
      };
    } catch (error) {
      return { ok: false, retryable: true, error: errorFromTransport(error, deadline.signal.aborted, context) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(request: PipelineHttpRequest): Promise<string> {
    const label = callLabel(request);
    const maxAttempts = IDEMPOTENT_METHODS.has(request.method) ? config.retries + 1 : 1;
    for (let attemptNo = 1; ; attemptNo++) {
      const outcome = await attempt(request, attemptNo);
      if (outcome.ok) return outcome.body;
      const { error } = outcome;
      if (!outcome.retryable || attemptNo >= maxAttempts) {
        logger?.warn({ call: label, attempts: attemptNo, code: error.code, status: error.status }, error.message);
        throw error;
      }
      const backoffMs = config.retryBaseDelayMs * 2 ** (attemptNo - 1);
      const delayMs = Math.min(MAX_RETRY_AFTER_MS, Math.max(backoffMs, outcome.retryAfterMs ?? 0));
      logger?.warn(
        { call: label, attempt: attemptNo, code: error.code, status: error.status, retryInMs: delayMs },
        'pipeline call failed, retrying',
      );
      await sleep(delayMs);
    }
  }

  return {
    send,
    async sendJson(request, schema, prepare) {
      const body = await send(request);
      const label = callLabel(request);
      return parsePipelineResponse(schema, body, { label, secret: config.apiKey, prepare });
    },
  };
}

/** `inputs/abc/pause?pause=true`: the URL tail after the REST root, also used in messages and logs. */
function relativeTarget(request: PipelineHttpRequest): string {
  const query = request.query ? new URLSearchParams(request.query).toString() : '';
  return query ? `${request.path}?${query}` : request.path;
}

/** `PUT inputs/abc/pause?pause=true`, for messages and logs. */
function callLabel(request: PipelineHttpRequest): string {
  return `${request.method} ${relativeTarget(request)}`;
}
