import { z } from 'zod';
import { compileStepsJson, parseEventJson, StepValidationError } from '../../transforms/index.js';

/**
 * JSON text of a step list, written with Python's json rules (`jsonDumps`). Kept as text inside the state file
 * because JSON.parse/stringify would reorder integer-like keys of mapping arguments and turn `1.0` into `1`.
 */
export const StepListTextSchema = z.string().superRefine((text, ctx) => {
  try {
    compileStepsJson(text);
  } catch (error) {
    if (!(error instanceof StepValidationError)) throw error;
    ctx.addIssue({ code: 'custom', message: `invalid step list: ${error.message}` });
  }
});

/** JSON text of one sample event (an object), kept as text for the same reason. */
export const EventTextSchema = z.string().superRefine((text, ctx) => {
  try {
    parseEventJson(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid sample event: ${(error as Error).message}` });
  }
});

/** Transform steps and samples per event type. Absent = none. */
export const SandboxTransformsSchema = z.object({
  /** Event-type name → its step list (an empty list is not stored). */
  steps: z.record(z.string(), StepListTextSchema).default({}),
  /** Event-type name → its sample events, oldest first, as `GET samples` lists them. */
  samples: z.record(z.string(), z.array(EventTextSchema)).default({}),
});
export type SandboxTransforms = z.infer<typeof SandboxTransformsSchema>;
