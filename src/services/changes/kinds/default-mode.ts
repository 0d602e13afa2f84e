import { z } from 'zod';
import { type MappingMode, MappingModeSchema } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind } from '../change-kind.js';
import { revertBy } from '../restore-kind-names.js';

/** The pipeline's default mapping mode (`GET/POST mapping-mode`): what new event types, and those using the default, get. */
export interface DefaultModeResource {
  mode: MappingMode;
}

const params = z.object({ mode: MappingModeSchema });

export const defaultModeKind: ChangeKind<DefaultModeResource, z.infer<typeof params>> = {
  name: 'default-mode.set',
  params,
  revert: revertBy.defaultMode,
  async locate(pipeline) {
    return {
      ref: { type: 'default_mapping_mode', id: 'default', label: 'default mapping mode' },
      resource: { mode: await pipeline.getDefaultMappingMode() },
    };
  },
  async load(pipeline) {
    return { mode: await pipeline.getDefaultMappingMode() };
  },
  snapshot: ({ mode }) => ({ defaultMappingMode: mode }),
  change(current, { mode }) {
    if (current.mode === mode) throw new UserError('no_change', `The default mapping mode is already ${mode}.`);
    return { mode };
  },
  title: (_ref, { mode }) => `Set the default mapping mode to ${mode}`,
  async write(pipeline, _ref, _before, after) {
    await pipeline.setDefaultMappingMode(after.mode);
  },
  async preview(pipeline, { after }) {
    const following = (await pipeline.listEventTypes())
      .filter((eventType) => eventType.usingDefaultMappingMode === true && eventType.mappingMode !== after.mode)
      .map((eventType) => eventType.name)
      .sort();
    return {
      title: 'Event types that follow the default',
      summary:
        following.length === 0
          ? 'No existing event type changes mode; new event types get the new default.'
          : `${following.length} event type${following.length === 1 ? '' : 's'} using the default switch to ${after.mode}:`,
      items: following.length === 0 ? [] : [{ label: 'using the default', lines: following }],
    };
  },
};
