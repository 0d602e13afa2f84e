import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/bot/logger.js';

/** The production logger (same redaction) writing into memory, so tests can read what would be logged. */
export function captureLogs(level = 'debug'): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, text: () => lines.join('') };
}
