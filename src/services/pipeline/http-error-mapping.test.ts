import { describe, expect, it } from 'vitest';
import { bodyExcerpt, errorFromTransport, type PipelineCallContext } from './http-error-mapping.js';

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
