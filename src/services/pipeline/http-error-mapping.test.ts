import { describe, expect, it } from 'vitest';
import { bodyExcerpt, errorFromStatus, errorFromTransport, type PipelineCallContext } from './http-error-mapping.js';

const context: PipelineCallContext = {
  label: 'GET inputs',
  resource: 'inputs list',
  host: 'app.alooma.com',
  timeoutMs: 60_000,
  attempts: 3,
  secret: 'KEY-123',
};

describe('errorFromTransport', () => {
  it.each([
    ['ENOTFOUND', 'host name not found (DNS)'],
    ['EAI_AGAIN', 'host name not found (DNS)'],
    ['ECONNRESET', 'connection reset'],
    ['EHOSTUNREACH', 'no route to host'],
    ['ERR_SOMETHING', 'network error ERR_SOMETHING'],
  ])('maps %s to unreachable naming the host', (code, reason) => {
    const error = errorFromTransport({ code }, false, context);

    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(
      `Cannot reach the pipeline at app.alooma.com: ${reason} (GET inputs) (after 3 attempts) — check the pipeline URL and that the pipeline is running`,
    );
  });

  it('maps axios timeout codes and an expired deadline to timeout', () => {
    for (const error of [
      errorFromTransport({ code: 'ECONNABORTED' }, false, context),
      errorFromTransport({ code: 'ETIMEDOUT' }, false, context),
      errorFromTransport(new Error('aborted'), true, context),
    ]) {
      expect(error.code).toBe('timeout');
      expect(error.message).toBe('The pipeline call GET inputs timed out after 60 s (after 3 attempts)');
    }
  });
});

describe('bodyExcerpt', () => {
  it('collapses whitespace, truncates and scrubs the secret', () => {
    expect(bodyExcerpt('  a\n\n b KEY-123 ', 'KEY-123')).toBe('a b [redacted]');
    expect(bodyExcerpt('y'.repeat(250), 'KEY-123')).toBe(`${'y'.repeat(200)}…`);
  });
});

describe('API-key echoes in pipeline error bodies', () => {
  const secret = 'Ak/9+Zq~key w=1&x';
  const keyed: PipelineCallContext = { ...context, secret };

  it.each([
    ['verbatim', `bad key ${secret}`],
    ['URL-encoded', `GET /rest/inputs?api_key=${encodeURIComponent(secret)} refused`],
    ['form-encoded with +', `body was key=${new URLSearchParams({ k: secret }).toString().slice(2)}`],
    ['base64', `token ${Buffer.from(secret).toString('base64')} unknown`],
    ['base64url', `token ${Buffer.from(secret).toString('base64url')} unknown`],
    ['inside Basic credentials', `Authorization: Basic ${Buffer.from(`acme:${secret}`).toString('base64')}`],
    ['in an authorization header echo', `{"headers": {"authorization": "API ${secret}"}}`],
    ['JSON-escaped', JSON.stringify({ received: secret })],
  ])('never shows the key %s', (_label, body) => {
    const error = errorFromStatus(500, body, keyed);
    const excerpt = bodyExcerpt(body, secret);
    for (const text of [error.message, excerpt]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
      expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      expect(text).not.toContain('Ak/9');
      expect(text).toContain('[redacted]');
    }
  });

  it('masks other credentials a body shows, and keeps the rest of the message', () => {
    const body = '{"error": "cannot connect to postgres://etl:hunter2@db/app", "password": "hunter2"}';
    const error = errorFromStatus(400, body, keyed);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('The pipeline refused GET inputs with HTTP 400: {"error": "cannot connect to');
    expect(error.message).toContain('postgres://etl:[redacted]@db/app');
  });
});
