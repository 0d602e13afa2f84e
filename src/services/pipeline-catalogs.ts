import { EventTypeCatalog } from './events/event-type-catalog.js';
import { PlumbingCatalog } from './inputs/plumbing-catalog.js';
import type { PipelineProvider } from './pipeline/provider.js';
import { SystemInfo } from './system/system-info.js';

/** The read-only services behind the plumbing, event-type and system commands (issue 9). */
export interface PipelineCatalogs {
  plumbing: PlumbingCatalog;
  eventTypes: EventTypeCatalog;
  system: SystemInfo;
}

export function createPipelineCatalogs(pipeline: PipelineProvider): PipelineCatalogs {
  return {
    plumbing: new PlumbingCatalog(pipeline),
    eventTypes: new EventTypeCatalog(pipeline),
    system: new SystemInfo(pipeline),
  };
}
