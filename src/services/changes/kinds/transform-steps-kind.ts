import { z } from 'zod';
import { StepValidationError } from '../../../transforms/index.js';
import type { JsonValue } from '../../json-value.js';
import type { TransformStepList } from '../../pipeline/transform-contract.js';
import { readSteps, readStepsOrNull } from '../../transform-tests/read-steps.js';
import { sampleEffectPreview } from '../../transform-tests/sample-effect.js';
import { MAX_SAMPLES, runSamples } from '../../transform-tests/sample-runs.js';
import { callsFingerprint, parseStepListText, stepCall } from '../../transform-tests/step-text.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind } from '../change-kind.js';

/** An event type's transform steps: the resource a `transform.steps` change replaces as a whole. */
export interface TransformStepsResource {
  eventType: string;
  steps: TransformStepList;
}

const params = z.object({
  eventType: z.string().min(1),
  /**
   * The new step list as JSON text with Python's rules. A string, so that storing the params (JSONB) cannot
   * reorder integer-like keys or turn `1.0` into `1`.
   */
  steps: z.string(),
});
type Params = z.infer<typeof params>;

function parseSteps(text: string): TransformStepList {
  try {
    return parseStepListText(text);
  } catch (error) {
    if (error instanceof StepValidationError) throw new UserError('invalid_steps', `Invalid steps:\n${error.message}`);
    throw error;
  }
}

/**
 * `transform.steps`: replace an event type's transform steps. Reviewers see the steps as the Python calls they
 * stand for (one per line in the diff), and the preview runs the event type's samples through the old and the
 * new steps with the pipeline's run call.
 */
export const transformStepsKind: ChangeKind<TransformStepsResource, Params> = {
  name: 'transform.steps',
  params,
  revert: {
    impossible:
      'The stored plan keeps the old steps only as the calls reviewers saw: set them again with `transform set`.',
  },
  async locate(pipeline, { eventType }) {
    const steps = await readSteps(pipeline, eventType);
    return { ref: { type: 'transform_steps', id: eventType, label: eventType }, resource: { eventType, steps } };
  },
  async load(pipeline, ref) {
    const steps = await readStepsOrNull(pipeline, ref.id);
    return steps ? { eventType: ref.id, steps } : null;
  },
  snapshot: ({ eventType, steps }) => ({ eventType, steps: steps.map(stepCall) }),
  change: (resource, { steps }) => ({ eventType: resource.eventType, steps: parseSteps(steps) }),
  title(ref, { steps }) {
    const count = parseSteps(steps).length;
    return `Set the transform steps of ${ref.label} (${count === 0 ? 'none' : `${count} step${count === 1 ? '' : 's'}`})`;
  },
  async write(pipeline, ref, _before, after) {
    await pipeline.setTransformSteps(ref.id, after.steps);
  },
  async preview(pipeline, { ref, before, after }) {
    const samples = await pipeline.listSamples(ref.id);
    const tried = samples.slice(0, MAX_SAMPLES);
    const [old, now] = await Promise.all([
      runSamples(pipeline, before.steps, tried),
      runSamples(pipeline, after.steps, tried),
    ]);
    return sampleEffectPreview(old, now, samples.length);
  },
};

const SnapshotSchema = z.object({ eventType: z.string(), steps: z.array(z.string()) });

/** The stepsFingerprint of the steps a `transform.steps` snapshot shows; null for any other snapshot. */
export function stepsFingerprintOfSnapshot(snapshot: JsonValue): string | null {
  const parsed = SnapshotSchema.safeParse(snapshot);
  return parsed.success ? callsFingerprint(parsed.data.steps) : null;
}
