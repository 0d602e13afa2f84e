import { PipelineError } from '../pipeline/pipeline-error.js';
import { UserError } from '../user-error.js';

/**
 * What a failed write tells about the pipeline's state. `refused`: the pipeline answered that it did not take the
 * write (4xx), or we never sent it; nothing changed. `unknown`: the answer was lost or ambiguous (timeout, reset,
 * 5xx, an unreadable answer) — the write may have landed, so only reading the resource can tell.
 */
export type WriteOutcome = 'refused' | 'unknown';

export function writeOutcomeOf(error: unknown): WriteOutcome {
  if (error instanceof UserError) return 'refused';
  if (error instanceof PipelineError) {
    if (error.status !== undefined && error.status >= 400 && error.status < 500) return 'refused';
    if (error.code === 'bad_request' || error.code === 'unauthorized' || error.code === 'not_found') return 'refused';
  }
  return 'unknown';
}
