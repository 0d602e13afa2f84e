import type { PyDict } from '../../transforms/index.js';
import type { ConsolidationQuery, DeployInfo, NewConsolidation } from './consolidation-schemas.js';
import type { MetricSeries, MetricsQuery, StatusTypes } from './metrics.js';
import type { NewInput, PlumbingStructure } from './plumbing-schemas.js';
import type { SampleEntry, SampleQuery, SampleStats } from './samples-contract.js';
import type { EventTypeSummary, Input, Mapping, MappingMode } from './schemas.js';
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
  /** `GET samples?eventType=<name>[&status=<code>]`: the samples with the status code each got. */
  listSampleEntries(query: SampleQuery): Promise<SampleEntry[]>;
  /** `GET samples/stats`: sample counts per event type and status code. */
  getSampleStats(): Promise<SampleStats>;
  /** `GET secrets`: the secrets' names, sorted (values are never returned). */
  listSecrets(): Promise<string[]>;
  /** `PUT secrets` with `{name: value}`: creates or replaces those secrets. A failure's message never holds a value. */
  setSecrets(values: Readonly<Record<string, string>>): Promise<void>;
  /** `DELETE secrets/{name}` */
  deleteSecret(name: string): Promise<void>;
  /** `GET plumbing/?resolution=1min`: every node (inputs, transformer, restream, outputs) with its throughput. */
  getStructure(): Promise<PlumbingStructure>;
  /** `POST plumbing/inputs` with `{"name", "type", "configuration"[, "copyCredentialsFrom"]}`; the answer is ignored. */
  createInput(input: NewInput): Promise<void>;
  /** `POST plumbing/nodes/remove/{id}`: deletes an input. */
  removeInput(inputId: string): Promise<void>;
  /** `DELETE event-types/{name}` */
  deleteEventType(eventType: string): Promise<void>;
  /** `DELETE event-types/{name}/clear-stats`: removes the unmapped fields and clears the table stats. */
  clearEventTypeStats(eventType: string): Promise<void>;
  /** `GET mapping-mode`: the mode new event types get. */
  getDefaultMappingMode(): Promise<MappingMode>;
  /** `POST mapping-mode` with the mode as a JSON string. */
  setDefaultMappingMode(mode: MappingMode): Promise<void>;
  /** `GET v2/consolidation[?event_type=<name>]`: the scheduled consolidation queries. */
  listConsolidations(eventType?: string): Promise<ConsolidationQuery[]>;
  /** `GET deployInfo`: the deployment name a new consolidation needs. */
  getDeployInfo(): Promise<DeployInfo>;
  /** `POST v2/consolidation` with managealooma's create body (`event_type`, `run_at`, `query_type`, ...). */
  createConsolidation(body: NewConsolidation): Promise<void>;
  /** `DELETE v2/consolidation/{id}` */
  removeConsolidation(id: string): Promise<void>;
}
