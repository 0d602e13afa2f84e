import type { PyDict } from '../../transforms/index.js';
import type { MetricSeries, MetricsQuery, StatusTypes } from './metrics.js';
import type { EventTypeSummary, Input, Mapping } from './schemas.js';
import type { TransformRunResult, TransformStepList } from './transform-contract.js';

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
  /** `GET transform/steps/{name}` (pipeops extension, see transform-contract.ts): `[]` when it has none. */
  getTransformSteps(eventType: string): Promise<TransformStepList>;
  /** `PUT transform/steps/{name}` with `{"steps": [...]}`; the pipeline validates them (400 when invalid). */
  setTransformSteps(eventType: string, steps: TransformStepList): Promise<void>;
  /** `POST transform/steps/run` with `{"steps", "sample"}`: the output events, or where and why a step raised. */
  runTransformSteps(steps: TransformStepList, sample: PyDict): Promise<TransformRunResult>;
  /** `GET samples?eventType=<name>`: the event type's recent sample events (Alooma keeps about 10). */
  listSamples(eventType: string): Promise<PyDict[]>;
}
