import { z } from 'zod';
import { maskedJsonCopy } from '../../credentials/mask-credentials.js';
import { findInputByName } from '../../inputs/find-input.js';
import type { Input } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind } from '../change-kind.js';
import { revertBy } from '../restore-kind-names.js';

const params = z.object({ input: z.string().min(1) });
type Params = z.infer<typeof params>;

/** What reviewers see of an input: everything but counters, with credentials masked. */
export function inputSnapshot(input: Input) {
  const { stats: _stats, ...rest } = input as Input & { stats?: unknown };
  return maskedJsonCopy(rest);
}

function pausedStateKind(paused: boolean): ChangeKind<Input, Params> {
  const verb = paused ? 'Pause' : 'Resume';
  return {
    name: paused ? 'input.pause' : 'input.resume',
    params,
    revert: revertBy.input,
    async locate(pipeline, { input }) {
      const found = await findInputByName(pipeline, input);
      return { ref: { type: 'input', id: found.id, label: found.name }, resource: found };
    },
    async load(pipeline, ref) {
      return (await pipeline.listInputs()).find((input) => input.id === ref.id) ?? null;
    },
    snapshot: inputSnapshot,
    change(input) {
      if ((input.paused ?? false) === paused) {
        throw new UserError('no_change', `Input \`${input.name}\` is already ${paused ? 'paused' : 'running'}.`);
      }
      return { ...input, paused };
    },
    title: (ref) => `${verb} input ${ref.label}`,
    async write(pipeline, ref) {
      await pipeline.setInputPaused(ref.id, paused);
    },
  };
}

export const pauseInputKind = pausedStateKind(true);
export const resumeInputKind = pausedStateKind(false);
