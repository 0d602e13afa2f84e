import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { maskCredentialText } from '../services/credentials/credential-values.js';
import { PipelineError } from '../services/pipeline/pipeline-error.js';
import { UserError } from '../services/user-error.js';
import { messageMrkdwn } from './blocks/mrkdwn.js';

/**
 * Turns an error into what the user reads (mrkdwn). Expected errors (bad input, the pipeline said no) are shown as
 * they are, their quoted values in code spans and the rest literally (they quote what users and the pipeline
 * said); anything else is logged with a reference the user can quote, and its text is not shown.
 */
export function describeError(error: unknown, logger: Logger, context: object): string {
  if (error instanceof UserError) return `:warning: ${messageMrkdwn(error.message)}`;
  // The pipeline's own error text can quote what it holds (a DSN, `password: …`): credentials in it are masked.
  if (error instanceof PipelineError) {
    return `:warning: The pipeline call failed: ${messageMrkdwn(maskCredentialText(error.message))}`;
  }
  const ref = randomBytes(4).toString('hex');
  logger.error({ err: error, ref, ...context }, 'unexpected error in a Slack handler');
  return `:boom: Something went wrong on our side (reference \`${ref}\`). It has been logged; nothing was changed.`;
}
