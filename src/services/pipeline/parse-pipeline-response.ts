import type { z } from 'zod';
import { bodyExcerpt } from './http-error-mapping.js';
import { PipelineError } from './pipeline-error.js';

/**
 * Decodes a 2xx body and validates it. Anything unexpected becomes a PipelineError
 * 'invalid_response' naming the call and the first offending location, never a crash further in.
 */
export function parsePipelineResponse<Schema extends z.ZodType>(
  schema: Schema,
  body: string,
  options: { label: string; secret: string; prepare?: (raw: unknown) => unknown },
): z.output<Schema> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new PipelineError(
      'invalid_response',
      `The pipeline answered ${options.label} with a body that is not JSON: ${bodyExcerpt(body, options.secret) || '(empty)'}`,
    );
  }
  const result = schema.safeParse(options.prepare ? options.prepare(raw) : raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more issues)` : '';
  throw new PipelineError(
    'invalid_response',
    `The pipeline answered ${options.label} with an unexpected shape at ${where}: ${issue?.message ?? 'invalid'}${more}`,
  );
}
