import { unknownEventType } from '../events/find-event-type.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { Mapping } from '../pipeline/schemas.js';

/** The mapping of an event type; null when the event type does not exist. */
export async function readMappingOrNull(pipeline: PipelineProvider, eventType: string): Promise<Mapping | null> {
  try {
    return await pipeline.getMapping(eventType);
  } catch (error) {
    if (error instanceof PipelineError && error.code === 'not_found') return null;
    throw error;
  }
}

/** The mapping of an event type, or a UserError naming it. */
export async function readMapping(pipeline: PipelineProvider, eventType: string): Promise<Mapping> {
  const mapping = await readMappingOrNull(pipeline, eventType);
  if (!mapping) throw unknownEventType(await pipeline.listEventTypes(), eventType);
  return mapping;
}
