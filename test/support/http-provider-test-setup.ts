import { Writable } from 'node:stream';
import nock from 'nock';
import { type Logger, pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { PipelineError } from '../../src/services/pipeline/pipeline-error.js';

/**
 * For the HTTP provider's tests against nock: no real connection while the suite runs, and every interceptor
 * dropped after each test. With `expectAllUsed`, a test that leaves an interceptor uncalled fails.
 * Call at the top of a file or in a describe (beforeAll/afterEach/afterAll scope).
 */
export function useNock(options: { expectAllUsed?: boolean } = {}): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (options.expectAllUsed) expect(pending).toEqual([]);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** Awaits a rejection and checks it is a PipelineError; a call that succeeds fails the test. */
export async function pipelineFailure(promise: Promise<unknown>): Promise<PipelineError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PipelineError);
  return error as PipelineError;
}

/**
 * A plain pino logger at debug writing into memory: what the provider itself logs, without the production
 * logger's redaction (test/support/capture-logs.ts), so that a secret it logs shows.
 */
export function rawLogs(): { logger: Logger; text(): string; clear(): void } {
  let text = '';
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
  );
  return {
    logger,
    text: () => text,
    clear: () => {
      text = '';
    },
  };
}
