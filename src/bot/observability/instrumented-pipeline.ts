import { PipelineError } from '../../services/pipeline/pipeline-error.js';
import type { PipelineProvider } from '../../services/pipeline/provider.js';
import type { PipeopsMetrics } from './metrics.js';

/**
 * Each provider method's request in the pipeline contract (provider.ts): the label values of
 * `pipeops_pipeline_calls_total`. Templates, not paths, so that event-type names never become label values.
 */
const ENDPOINTS: { readonly [M in keyof PipelineProvider]?: readonly [method: string, endpoint: string] } = {
  listInputs: ['GET', 'inputs'],
  updateInput: ['PUT', 'inputs/{id}'],
  setInputPaused: ['PUT', 'inputs/{id}/pause'],
  listEventTypes: ['GET', 'event-types'],
  getMapping: ['GET', 'event-types/{name}'],
  setMapping: ['POST', 'event-types/{name}/mapping'],
  getMetrics: ['GET', 'metrics'],
  getStatusTypes: ['GET', 'status-types'],
  getTransformSteps: ['GET', 'transform/steps/{name}'],
  setTransformSteps: ['PUT', 'transform/steps/{name}'],
  runTransformSteps: ['POST', 'transform/steps/run'],
  listSamples: ['GET', 'samples'],
  listSampleEntries: ['GET', 'samples'],
  getSampleStats: ['GET', 'samples/stats'],
  listSecrets: ['GET', 'secrets'],
  setSecrets: ['PUT', 'secrets'],
  deleteSecret: ['DELETE', 'secrets/{name}'],
  getStructure: ['GET', 'plumbing'],
  createInput: ['POST', 'plumbing/inputs'],
  removeInput: ['POST', 'plumbing/nodes/remove/{id}'],
  deleteEventType: ['DELETE', 'event-types/{name}'],
  clearEventTypeStats: ['DELETE', 'event-types/{name}/clear-stats'],
  getDefaultMappingMode: ['GET', 'mapping-mode'],
  setDefaultMappingMode: ['POST', 'mapping-mode'],
  listConsolidations: ['GET', 'v2/consolidation'],
  getDeployInfo: ['GET', 'deployInfo'],
  createConsolidation: ['POST', 'v2/consolidation'],
  removeConsolidation: ['DELETE', 'v2/consolidation/{id}'],
};

/** The labels of a provider method: from ENDPOINTS, or the method's own name until it is listed there. */
export function endpointOf(name: string): readonly [method: string, endpoint: string] {
  return ENDPOINTS[name as keyof PipelineProvider] ?? ['CALL', name];
}

/**
 * The status label of a call: `200` when it succeeded (the provider does not say which 2xx), the HTTP status of a
 * PipelineError that has one, else its code (`timeout`, `unreachable`, …), `error` for anything else.
 */
function statusOf(error: unknown): string {
  if (error instanceof PipelineError) return error.status !== undefined ? String(error.status) : error.code;
  return 'error';
}

/**
 * The provider with each call counted and timed. A Proxy, so that a method added to the interface is instrumented
 * (under its own name) even before it is listed in ENDPOINTS.
 */
export function instrumentPipeline(provider: PipelineProvider, metrics: PipeopsMetrics): PipelineProvider {
  const wrapped = new Map<PropertyKey, unknown>();
  const instrument = (name: string, call: (...args: unknown[]) => Promise<unknown>) => {
    const [method, endpoint] = endpointOf(name);
    return async (...args: unknown[]) => {
      const stop = metrics.pipelineLatency.startTimer({ method, endpoint });
      let status = '200';
      try {
        return await call.apply(provider, args);
      } catch (error) {
        status = statusOf(error);
        throw error;
      } finally {
        stop({ status });
        metrics.pipelineCalls.inc({ method, endpoint, status });
      }
    };
  };
  return new Proxy(provider, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (!wrapped.has(property)) wrapped.set(property, instrument(property, value as never));
      return wrapped.get(property);
    },
  });
}
