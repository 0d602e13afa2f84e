import type { PyValue } from '../../transforms/index.js';
import { parseJson } from '../../transforms/index.js';
import { bodyExcerpt } from './http-error-mapping.js';
import { PipelineError } from './pipeline-error.js';
import { BodyShapeError } from './transform-contract.js';

/**
 * Decodes a 2xx body with Python's json rules (key order, int vs float kept) and reads it with `read`, which
 * throws a BodyShapeError for an unexpected shape. Both failures become a PipelineError 'invalid_response'
 * naming the call, like parsePipelineResponse does for plain JSON.
 */
export function parsePythonResponse<T>(
  body: string,
  options: { label: string; secret: string },
  read: (value: PyValue) => T,
): T {
  let value: PyValue;
  try {
    value = parseJson(body);
  } catch {
    throw new PipelineError(
      'invalid_response',
      `The pipeline answered ${options.label} with a body that is not JSON: ${bodyExcerpt(body, options.secret) || '(empty)'}`,
    );
  }
  try {
    return read(value);
  } catch (error) {
    if (!(error instanceof BodyShapeError)) throw error;
    throw new PipelineError(
      'invalid_response',
      `The pipeline answered ${options.label} with an unexpected shape at ${error.where}: ${error.message}`,
    );
  }
}
