import { unknownEventType } from '../events/find-event-type.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { TransformStepList } from '../pipeline/transform-contract.js';

/** An event type's transform steps; null when the event type does not exist. */
export async function readStepsOrNull(
  pipeline: PipelineProvider,
  eventType: string,
): Promise<TransformStepList | null> {
  try {
    return await pipeline.getTransformSteps(eventType);
  } catch (error) {
    if (error instanceof PipelineError && error.code === 'not_found') return null;
    throw error;
  }
}

/** An event type's transform steps, or a UserError naming it. */
export async function readSteps(pipeline: PipelineProvider, eventType: string): Promise<TransformStepList> {
  const steps = await readStepsOrNull(pipeline, eventType);
  if (!steps) throw unknownEventType(await pipeline.listEventTypes(), eventType);
  return steps;
}
