import type { AnyChangeKind } from './change-kind.js';
import { consolidationKinds } from './kinds/consolidation-kinds.js';
import { defaultModeKind } from './kinds/default-mode.js';
import { eventTypeKinds } from './kinds/event-types.js';
import { pauseInputKind, resumeInputKind } from './kinds/input-paused-state.js';
import { inputKinds } from './kinds/inputs.js';
import { mappingFieldKinds } from './kinds/mapping-field-kinds.js';
import { mappingKeysKind, mappingModeKind } from './kinds/mapping-kinds.js';
import { mappingTableKinds } from './kinds/mapping-table-kinds.js';
import { restoreKinds } from './kinds/restore-kinds.js';
import { secretDeleteKind, secretSetKind } from './kinds/secrets.js';
import { transformStepsKind } from './kinds/transform-steps-kind.js';

/** Every kind of change pipeops can propose, by name. Stored requests refer to kinds by these names. */
export const changeKinds: ReadonlyMap<string, AnyChangeKind> = new Map(
  [
    pauseInputKind,
    resumeInputKind,
    mappingModeKind,
    mappingKeysKind,
    ...mappingFieldKinds,
    ...mappingTableKinds,
    ...consolidationKinds,
    transformStepsKind,
    secretSetKind,
    secretDeleteKind,
    ...inputKinds,
    ...eventTypeKinds,
    defaultModeKind,
    ...restoreKinds,
  ].map((kind) => [kind.name, kind]),
);
