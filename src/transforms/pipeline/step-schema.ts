import { z } from 'zod';
import { checkStepCall } from './step-call-check.js';

/** A JSON value (what a step argument can be when steps are stored as JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

/**
 * One transform step: a managealooma function name and its keyword arguments by managealooma's own (snake_case)
 * names, e.g. `{"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1}}`.
 * `args` may be omitted for functions without required parameters. The refinement reports unknown functions,
 * unexpected/missing arguments with CPython's wording (see {@link checkStepCall}).
 */
export const StepSchema = z
  .strictObject({
    fn: z.string().min(1),
    args: z.record(z.string(), JsonValueSchema).default({}),
  })
  .superRefine((step, ctx) => {
    const problem = checkStepCall(step.fn, Object.keys(step.args));
    if (problem === undefined) return;
    const aboutName = problem.startsWith('NameError') || problem.includes('cannot be a pipeline step');
    ctx.addIssue({ code: 'custom', message: problem, path: [aboutName ? 'fn' : 'args'] });
  });

/** An ordered list of steps; what the pipeline provider stores per event type. */
export const StepListSchema = z.array(StepSchema);

export type Step = z.infer<typeof StepSchema>;
export type StepList = z.infer<typeof StepListSchema>;
