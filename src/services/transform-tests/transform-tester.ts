import { STEP_FUNCTIONS, stepSignature } from '../../transforms/index.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { TransformStepList } from '../pipeline/transform-contract.js';
import { maskSampleRun } from './mask-sample-run.js';
import { readSteps } from './read-steps.js';
import { MAX_SAMPLES, runSamples, type SampleRun } from './sample-runs.js';

/** The outcome of `/pipeline transform test`: the steps, and every sample run through them by the pipeline. */
export interface TransformTestReport {
  eventType: string;
  steps: TransformStepList;
  runs: SampleRun[];
  /** How many samples the pipeline has (only the first MAX_SAMPLES are run). */
  totalSamples: number;
}

/** A step function as help shows it. */
export interface StepFunctionHelp {
  name: string;
  signature: string;
  summary: string;
}

/**
 * Transformation testing, managealooma's TransformationTest with `local_or_api='api'`: samples and steps come
 * from the pipeline, and the pipeline's run call transforms each sample.
 */
export class TransformTester {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  /** The event type's current steps; a UserError when there is no such event type. */
  steps(eventType: string): Promise<TransformStepList> {
    return readSteps(this.#pipeline, eventType);
  }

  /** Runs the event type's samples through its current steps; what it returns has credentials masked. */
  async test(eventType: string): Promise<TransformTestReport> {
    const steps = await readSteps(this.#pipeline, eventType);
    const samples = await this.#pipeline.listSamples(eventType);
    const runs = await runSamples(this.#pipeline, steps, samples.slice(0, MAX_SAMPLES));
    return { eventType, steps, runs: runs.map(maskSampleRun), totalSamples: samples.length };
  }

  /** Every function a step can call, with its Python signature. */
  functions(): StepFunctionHelp[] {
    return STEP_FUNCTIONS.map((fn) => ({ name: fn.name, signature: stepSignature(fn), summary: fn.summary }));
  }
}
