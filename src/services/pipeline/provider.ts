import type { MetricSeries, MetricsQuery, StatusTypes } from './metrics.js';
import type { EventTypeSummary, Input, Mapping } from './schemas.js';

/**
 * Everything pipeops needs from the pipeline. The HTTP provider speaks the Alooma REST contract;
 * the sandbox pipeline serves the same contract, so services never know which one they talk to.
 * Every method rejects with a PipelineError whose message is fit to show a user.
 */
export interface PipelineProvider {
  /** `GET inputs` */
  listInputs(): Promise<Input[]>;
  /** `PUT inputs/{id}` with the whole input object. */
  updateInput(input: Input): Promise<void>;
  /** `PUT inputs/{id}/pause?pause=true|false` */
  setInputPaused(inputId: string, paused: boolean): Promise<void>;
  /** `GET event-types` */
  listEventTypes(): Promise<EventTypeSummary[]>;
  /** `GET event-types/{name}` minus `stats`, as the reference client's `get_mapping`. */
  getMapping(eventType: string): Promise<Mapping>;
  /** `POST event-types/{name}/mapping` with the whole mapping object. */
  setMapping(eventType: string, mapping: Mapping): Promise<void>;
  /** `GET metrics?metrics=…&from=-<m>min&resolution=<r>min[&by=input|event_type]` (see metrics.ts). */
  getMetrics(query: MetricsQuery): Promise<MetricSeries[]>;
  /** `GET status-types`: sample status codes and their descriptions. */
  getStatusTypes(): Promise<StatusTypes>;
}
