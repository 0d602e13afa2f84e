import { maskCredentialText } from '../credentials/credential-values.js';
import { scrubSecretEchoes } from '../credentials/secret-echoes.js';
import { PipelineError } from './pipeline-error.js';

/** What an error message may say about the call that failed. */
export interface PipelineCallContext {
  /** `GET event-types/PUBLIC.ORDERS`: method and REST-relative path, never the full URL with credentials. */
  label: string;
  /** For 404s: what was missing, e.g. `event type 'PUBLIC.ORDERS'`. */
  resource: string;
  /** Pipeline host (and port), for "cannot reach" messages. */
  host: string;
  timeoutMs: number;
  /** 1-based count of attempts made so far. */
  attempts: number;
  /** The API key, scrubbed from any text a server sent back. */
  secret: string;
}

const EXCERPT_LENGTH = 200;
const REDACTED_IN_ERRORS = '[redacted]';
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Statuses that say "try again": the gateway or the pipeline is briefly unavailable. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Maps a non-2xx answer to a PipelineError. */
export function errorFromStatus(status: number, body: string, context: PipelineCallContext): PipelineError {
  const tail = attemptsSuffix(context);
  if (status === 401) {
    return new PipelineError(
      'unauthorized',
      'The pipeline rejected the API key (401) — check PIPELINE_API_KEY / PIPELINE_ACCOUNT',
      { status },
    );
  }
  if (status === 404) {
    return new PipelineError('not_found', `The pipeline has no ${context.resource} (404 on ${context.label})`, {
      status,
    });
  }
  if (status === 504) {
    return new PipelineError(
      'timeout',
      `The pipeline call ${context.label} timed out: the pipeline answered 504 Gateway Timeout (client limit ${seconds(context.timeoutMs)})${tail}`,
      { status },
    );
  }
  const detail = withExcerpt(body, context.secret);
  if (status >= 500) {
    return new PipelineError(
      'server_error',
      `The pipeline failed on ${context.label} with HTTP ${status}${detail}${tail}`,
      {
        status,
      },
    );
  }
  if (status >= 400) {
    return new PipelineError('bad_request', `The pipeline refused ${context.label} with HTTP ${status}${detail}`, {
      status,
    });
  }
  // 1xx/3xx: redirects are not followed (they could carry the authorization header elsewhere),
  // so a 3xx almost always means a wrong base URL (http vs https) or account name.
  return new PipelineError(
    'invalid_response',
    `The pipeline answered ${context.label} with HTTP ${status} instead of a result — check the pipeline URL and account name${detail}`,
    { status },
  );
}

/**
 * Maps a failure without an HTTP answer (refused, DNS, reset, deadline) to a PipelineError.
 * The original error is not attached as `cause`: axios errors carry the request config, headers
 * included, and a logger serialising the cause would print the API key.
 */
export function errorFromTransport(error: unknown, timedOut: boolean, context: PipelineCallContext): PipelineError {
  const tail = attemptsSuffix(context);
  const code = errorCode(error);
  if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new PipelineError(
      'timeout',
      `The pipeline call ${context.label} timed out after ${seconds(context.timeoutMs)}${tail}`,
    );
  }
  return new PipelineError(
    'unreachable',
    `Cannot reach the pipeline at ${context.host}: ${describeNetworkCode(code)} (${context.label})${tail} — check the pipeline URL and that the pipeline is running`,
    { cause: code ? { code } : undefined },
  );
}

/**
 * A short single-line excerpt of a response body, with the API key scrubbed out (verbatim, URL-encoded,
 * base64-encoded, JSON-escaped) and any other credential it shows masked, before it is cut short.
 */
export function bodyExcerpt(body: string, secret: string): string {
  const scrubbed = maskCredentialText(scrubSecretEchoes(body, secret, REDACTED_IN_ERRORS), REDACTED_IN_ERRORS);
  const line = scrubbed.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}

function withExcerpt(body: string, secret: string): string {
  const excerpt = bodyExcerpt(body, secret);
  return excerpt ? `: ${excerpt}` : '';
}

function attemptsSuffix(context: PipelineCallContext): string {
  return context.attempts > 1 ? ` (after ${context.attempts} attempts)` : '';
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function describeNetworkCode(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found (DNS)';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to host';
    case undefined:
      return 'network error';
    default:
      return `network error ${code}`;
  }
}
