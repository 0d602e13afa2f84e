import { createServer } from 'node:http';
import { z } from 'zod';
import { jsonDumps, PyDict, parseEventJson, parseJson } from '../../transforms/index.js';
import { listenHttpServer } from '../listening-http-server.js';
import type { MetricName } from '../pipeline/metrics.js';
import type { Input, MappingMode } from '../pipeline/schemas.js';
import { createConsolidationControlRoutes, createConsolidationRoutes } from './sandbox-consolidation-routes.js';
import { createControlRoutes } from './sandbox-control-routes.js';
import type { SandboxEventType } from './sandbox-data.js';
import { deleteEventType as deleteStoredEventType, setDefaultMappingMode } from './sandbox-event-type-ops.js';
import { getEventType, setMappingMode } from './sandbox-event-types.js';
import { createFaultInjector, type SandboxFault } from './sandbox-faults.js';
import { getInputByIdOrName, setInputPaused } from './sandbox-inputs.js';
import { createMetricControlRoutes, createMetricRoutes } from './sandbox-metric-routes.js';
import { clearMetricLevels, type SetMetricLevel, setMetricLevel } from './sandbox-metrics.js';
import { createInput as createStoredInput, findInputIdByName, removeInput } from './sandbox-plumbing.js';
import { createPlumbingControlRoutes, createPlumbingRoutes } from './sandbox-plumbing-routes.js';
import { createRequestLog, type SandboxRequestLogEntry } from './sandbox-request-log.js';
import { createRestRoutes } from './sandbox-rest-routes.js';
import { createRouter } from './sandbox-router.js';
import { setSampleStatus } from './sandbox-samples.js';
import { createSampleControlRoutes, createSecretSampleRoutes } from './sandbox-secret-sample-routes.js';
import { listSecretNames, secretHasValue } from './sandbox-secrets.js';
import { createSeedData } from './sandbox-seed.js';
import { createSandboxRequestHandler } from './sandbox-server.js';
import { SandboxState } from './sandbox-state.js';
import { createFileStateStore, createMemoryStateStore } from './sandbox-state-store.js';
import { createTransformControlRoutes, createTransformRoutes } from './sandbox-transform-routes.js';
import { readSamples, readTransformSteps, storeSamples, storeTransformSteps } from './sandbox-transforms.js';

export const SandboxPipelineOptionsSchema = z.strictObject({
  /** 0 (the default) picks a free port. */
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  /** Clients must send `authorization: API <apiKey>`. */
  apiKey: z.string().min(1, 'apiKey must not be empty'),
  /** Also serve `/<accountName>/rest/` (and answer 401 for any other account); `/rest/` always works. */
  accountName: z
    .string()
    .regex(/^[^/?#\s]+$/, 'accountName must be a single path segment')
    .optional(),
  /** JSON state file, created from the seed when absent; omitted = in memory only. */
  stateFile: z.string().min(1).optional(),
});
export type SandboxPipelineOptions = z.input<typeof SandboxPipelineOptionsSchema>;

/** A running sandbox pipeline. Accessors return copies; changes go through the methods. */
export interface SandboxPipeline {
  /** Base URL for the HTTP provider's `baseUrl`, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly apiKey: string;
  readonly accountName: string | undefined;
  readonly stateFile: string | undefined;
  /** Every REST call answered so far (oldest first), e.g. to assert "the pipeline changed once". */
  readonly requestLog: readonly SandboxRequestLogEntry[];
  close(): Promise<void>;

  listInputs(): Input[];
  /** By id or name; throws when there is none. */
  getInput(idOrName: string): Input;
  /** With stats, as the server keeps it; throws when there is none. */
  getEventType(name: string): SandboxEventType;

  /** Out-of-band changes, as someone using the pipeline's own UI would make them. */
  pauseInput(idOrName: string, paused?: boolean): Input;
  setMappingMode(eventType: string, mode: MappingMode): SandboxEventType;
  /** Any other edit: `change` gets a copy and returns the new input (its id must stay the same). */
  updateInput(idOrName: string, change: (input: Input) => Input): Input;
  /** Any other edit: `change` gets a copy and returns the new event type (its name must stay the same). */
  updateEventType(name: string, change: (eventType: SandboxEventType) => SandboxEventType): SandboxEventType;

  /**
   * Drives a metric series (see sandbox-metrics.ts): from now (or `minutesAgo`) it reports `value` (per minute for
   * counts; null = no data), pipeline-wide or for one input / event type. Returns nothing; throws on unknown names.
   */
  setMetric(metric: MetricName, value: number | null, options?: Omit<SetMetricLevel, 'metric' | 'value'>): void;
  /** Every metric series back to its baseline. */
  clearMetrics(): void;

  /** An event type's transform steps as JSON text with Python's rules (`[]` when none); throws when unknown. */
  getTransformSteps(eventType: string): string;
  /** Out-of-band: replaces an event type's steps (JSON text of a step list); throws when invalid. */
  setTransformSteps(eventType: string, stepsJson: string): void;
  /** An event type's sample events, each as JSON text. */
  listSamples(eventType: string): string[];
  /** Replaces an event type's sample events (each JSON text of an object). */
  setSamples(eventType: string, samplesJson: readonly string[]): void;
  /** Out-of-band: the status code of the sample whose `_metadata.@uuid` is `uuid` (`VALID` by default). */
  setSampleStatus(uuid: string, status: string): void;
  /** The secrets' names, sorted. */
  listSecretNames(): string[];
  /** Whether secret `name` holds exactly `value` (the sandbox keeps only a digest of values). */
  secretHasValue(name: string, value: string): boolean;

  /** Out-of-band plumbing changes (sandbox-plumbing-routes.ts): create an input from a `POST plumbing/inputs` body. */
  createInput(body: unknown): Input;
  /** Out-of-band: removes an input (by id or name) and its stored credentials. */
  removeInput(idOrName: string): void;
  /** Out-of-band: deletes an event type. */
  deleteEventType(name: string): void;
  /** Out-of-band: sets the default mapping mode (event types using the default follow). */
  setDefaultMappingMode(mode: MappingMode): void;
  getDefaultMappingMode(): MappingMode;
  /** The credentials the sandbox keeps server-side for an input (never served over REST); {} when none. */
  getInputCredentials(idOrName: string): Record<string, string>;

  /** State back to the seed (persisted), faults and request log cleared. */
  reset(): void;
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
  clearRequestLog(): void;
}

/**
 * Starts an embedded pipeline serving the Alooma REST contract (see sandbox-rest-routes.ts) plus
 * test controls under `/__sandbox/` (see sandbox-control-routes.ts). Rejects when the options are
 * invalid, the state file is unusable, or the port is taken.
 */
export async function startSandboxPipeline(options: SandboxPipelineOptions): Promise<SandboxPipeline> {
  const parsed = SandboxPipelineOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
    throw new TypeError(`Invalid sandbox pipeline options: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const state = new SandboxState(
    config.stateFile ? createFileStateStore(config.stateFile) : createMemoryStateStore(),
    createSeedData,
  );
  const faults = createFaultInjector();
  const requestLog = createRequestLog();
  const closing = new AbortController();
  const reset = () => {
    state.reset();
    faults.clear();
    requestLog.clear();
  };

  const server = createServer(
    createSandboxRequestHandler({
      apiKey: config.apiKey,
      accountName: config.accountName,
      restRouter: createRouter([
        ...createRestRoutes(state),
        ...createMetricRoutes(state),
        ...createTransformRoutes(state),
        ...createSecretSampleRoutes(state),
        ...createPlumbingRoutes(state),
        ...createConsolidationRoutes(state),
      ]),
      controlRouter: createRouter([
        ...createControlRoutes({ state, faults, requestLog, reset }),
        ...createMetricControlRoutes(state),
        ...createTransformControlRoutes(state),
        ...createSampleControlRoutes(state),
        ...createPlumbingControlRoutes(state),
        ...createConsolidationControlRoutes(state),
      ]),
      faults,
      requestLog,
      closing: closing.signal,
    }),
  );
  const listening = await listenHttpServer(server, config.host, config.port);
  const url = listening.url;

  return {
    url,
    apiKey: config.apiKey,
    accountName: config.accountName,
    stateFile: config.stateFile,
    get requestLog() {
      return requestLog.entries().slice();
    },
    async close() {
      closing.abort();
      await listening.close();
    },

    listInputs: () => state.read((data) => structuredClone(Object.values(data.inputs))),
    getInput: (idOrName) => state.read((data) => structuredClone(getInputByIdOrName(data, idOrName))),
    getEventType: (name) => state.read((data) => structuredClone(getEventType(data, name))),

    pauseInput: (idOrName, paused = true) =>
      structuredClone(state.mutate((data) => setInputPaused(data, getInputByIdOrName(data, idOrName).id, paused))),
    setMappingMode: (eventType, mode) => structuredClone(state.mutate((data) => setMappingMode(data, eventType, mode))),
    updateInput: (idOrName, change) =>
      structuredClone(
        state.mutate((data) => {
          const current = getInputByIdOrName(data, idOrName);
          const next = change(structuredClone(current));
          if (next.id !== current.id) throw new TypeError(`updateInput must keep the id '${current.id}'`);
          data.inputs[current.id] = next;
          return next;
        }),
      ),
    updateEventType: (name, change) =>
      structuredClone(
        state.mutate((data) => {
          const next = change(structuredClone(getEventType(data, name)));
          if (next.name !== name) throw new TypeError(`updateEventType must keep the name '${name}'`);
          data.eventTypes[name] = next;
          return next;
        }),
      ),

    setMetric: (metric, value, options = {}) => {
      state.mutate((data) => setMetricLevel(data, { ...options, metric, value }, Date.now()));
    },
    clearMetrics: () => state.mutate(clearMetricLevels),

    getTransformSteps: (eventType) => jsonDumps(state.read((data) => readTransformSteps(data, eventType))),
    setTransformSteps: (eventType, stepsJson) => {
      const body = PyDict.fromEntries([['steps', parseJson(stepsJson)]]);
      state.mutate((data) => storeTransformSteps(data, eventType, body));
    },
    listSamples: (eventType) => state.read((data) => readSamples(data, eventType).map((event) => jsonDumps(event))),
    setSamples: (eventType, samplesJson) => {
      const samples = samplesJson.map((text) => parseEventJson(text));
      state.mutate((data) => storeSamples(data, eventType, samples));
    },
    setSampleStatus: (uuid, status) => {
      state.mutate((data) => setSampleStatus(data, uuid, status));
    },
    listSecretNames: () => state.read(listSecretNames),
    secretHasValue: (name, value) => state.read((data) => secretHasValue(data, name, value)),

    createInput: (body) => structuredClone(state.mutate((data) => createStoredInput(data, body))),
    removeInput: (idOrName) => {
      state.mutate((data) => removeInput(data, findInputIdByName(data, idOrName)));
    },
    deleteEventType: (name) => {
      state.mutate((data) => deleteStoredEventType(data, name));
    },
    setDefaultMappingMode: (mode) => {
      state.mutate((data) => setDefaultMappingMode(data, mode));
    },
    getDefaultMappingMode: () => state.read((data) => data.defaultMappingMode),
    getInputCredentials: (idOrName) =>
      state.read((data) => structuredClone(data.inputCredentials[findInputIdByName(data, idOrName)] ?? {})),

    reset,
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    clearRequestLog: () => requestLog.clear(),
  };
}
