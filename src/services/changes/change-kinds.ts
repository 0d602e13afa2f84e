import type { AnyChangeKind } from './change-kind.js';
import { pauseInputKind, resumeInputKind } from './kinds/input-paused-state.js';
import { mappingKeysKind, mappingModeKind } from './kinds/mapping-kinds.js';
import { transformStepsKind } from './kinds/transform-steps-kind.js';

/** Every kind of change pipeops can propose, by name. Stored requests refer to kinds by these names. */
export const changeKinds: ReadonlyMap<string, AnyChangeKind> = new Map(
  [pauseInputKind, resumeInputKind, mappingModeKind, mappingKeysKind, transformStepsKind].map((kind) => [
    kind.name,
    kind,
  ]),
);
