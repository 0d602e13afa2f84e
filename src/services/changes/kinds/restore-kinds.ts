import { z } from 'zod';
import { type ConsolidationSlot, readSlotOrNull } from '../../consolidations/consolidation-slot.js';
import { DEFAULT_CONSOLIDATION_CRON } from '../../consolidations/cron-schedule.js';
import { maskedJsonCopy } from '../../credentials/mask-credentials.js';
import { inputReviewSnapshot } from '../../inputs/input-review.js';
import { readInputTables, writeInputTables } from '../../inputs/input-tables.js';
import { isJsonObject, type JsonValue, jsonEqual, toJsonValue } from '../../json-value.js';
import { readMappingOrNull } from '../../mappings/read-mapping.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import { type Input, type Mapping, MappingModeSchema } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ResourceRef } from '../change-kind.js';
import { maskedAsIs } from '../masked-as-is.js';
import { restoreKindNames } from '../restore-kind-names.js';
import { holdsMaskedValue, restoreFromSnapshot } from '../restore-snapshot.js';
import { consolidationCreateKind, consolidationCronKind, consolidationRemoveKind } from './consolidation-kinds.js';
import { type DefaultModeResource, defaultModeKind } from './default-mode.js';

/**
 * "Restore <resource> to a snapshot": the kinds a revert proposes (revert-service.ts), one per resource family. The
 * params carry the snapshot to go back to (credentials masked: masked parts are left as they are server-side) and
 * what is undone; the plan is the usual one, from the resource as it is now to that snapshot.
 */
export const RestoreParamsSchema = z.object({
  resource: z.object({ type: z.string().min(1), id: z.string().min(1), label: z.string() }),
  /** The snapshot to go back to: an applied request's `before`, or the last state pipeops knew before a drift. */
  to: z.json(),
  /** The request undone, or null for a drift (a change made outside pipeops). */
  revertOf: z.number().int().positive().nullable(),
  /** What is undone, for the title: the request's title, or `drift seen …`. */
  what: z.string().max(500),
  /** Paths that changed on the resource since the request was applied: the revert undoes them too. */
  movedSince: z.array(z.string()).default([]),
});
export type RestoreParams = z.infer<typeof RestoreParamsSchema>;

interface ResourceFamily<Resource> {
  name: string;
  type: string;
  load(pipeline: PipelineProvider, ref: ResourceRef): Promise<Resource | null>;
  snapshot(resource: Resource): JsonValue;
  /** The resource the target snapshot describes, built on the current one. Pure. */
  restore(current: Resource, target: JsonValue): Resource;
  write(pipeline: PipelineProvider, ref: ResourceRef, before: Resource, after: Resource): Promise<void>;
}

function restoreKind<Resource>(family: ResourceFamily<Resource>): ChangeKind<Resource, RestoreParams> {
  return {
    name: family.name,
    params: RestoreParamsSchema,
    revert: { restoreKind: family.name },
    async locate(pipeline, { resource: ref }) {
      if (ref.type !== family.type) throw new Error(`${family.name} restores ${family.type}, not ${ref.type}`);
      const resource = await family.load(pipeline, ref);
      if (resource === null) {
        throw new UserError(
          'revert_gone',
          `${ref.label} no longer exists: there is nothing to write its old state to.`,
        );
      }
      return { ref, resource };
    },
    load: family.load,
    snapshot: family.snapshot,
    change(current, params) {
      const restored = family.restore(current, params.to as JsonValue);
      if (jsonEqual(family.snapshot(restored), family.snapshot(current))) {
        const since = params.revertOf === null ? 'it was last known' : `before #${params.revertOf}`;
        throw new UserError('no_change', `${params.resource.label} already looks as ${since}: nothing to revert.`);
      }
      return restored;
    },
    title: (ref, params) =>
      params.revertOf === null ? `Revert ${params.what} on ${ref.label}` : `Revert #${params.revertOf}: ${params.what}`,
    write: family.write,
  };
}

function badSnapshot(label: string): UserError {
  return new UserError('revert_snapshot', `The stored state of ${label} cannot be read back; nothing proposed.`);
}

// ── inputs: configuration and paused state ────────────────────────────────────────────────────────────────────

function withoutTables(value: JsonValue): JsonValue {
  if (!isJsonObject(value) || !isJsonObject(value.configuration)) return value;
  const { tables: _tables, ...configuration } = value.configuration;
  return { ...value, configuration };
}

/** The table → indicator object a snapshot shows (review snapshots decode the JSON string; pause snapshots do not). */
function snapshotTables(target: JsonValue): JsonValue | undefined {
  if (!isJsonObject(target) || !isJsonObject(target.configuration)) return undefined;
  const tables = target.configuration.tables;
  if (typeof tables !== 'string') return tables;
  try {
    return JSON.parse(tables) as JsonValue;
  } catch {
    return tables;
  }
}

function restoreInput(current: Input, target: JsonValue): Input {
  const { stats: _stats, ...rest } = current as Input & { stats?: unknown };
  const raw = withoutTables(toJsonValue(current));
  const restored = restoreFromSnapshot(raw, withoutTables(maskedJsonCopy(rest)), withoutTables(target));
  if (!isJsonObject(restored)) throw badSnapshot(current.name);
  const input = restored as unknown as Input;
  const tables = snapshotTables(target);
  const held = current.configuration?.tables;
  if (tables === undefined || holdsMaskedValue(tables)) {
    return held === undefined ? input : { ...input, configuration: { ...input.configuration, tables: held } };
  }
  let now: Record<string, string> | null = null;
  try {
    now = readInputTables(current);
  } catch {
    // Not JSON: compared as the string it is.
  }
  if (jsonEqual(toJsonValue(now), tables) || jsonEqual(toJsonValue(held ?? null), tables)) {
    return { ...input, configuration: { ...input.configuration, tables: held } };
  }
  if (isJsonObject(tables)) {
    return writeInputTables(
      { ...input, configuration: { ...input.configuration, tables: held } },
      tables as Record<string, string>,
    );
  }
  return { ...input, configuration: { ...input.configuration, tables } };
}

const withoutPaused = ({ paused: _paused, ...rest }: Input) => toJsonValue(rest);

export const restoreInputKind = restoreKind<Input>({
  name: restoreKindNames.input,
  type: 'input',
  load: async (pipeline, ref) => (await pipeline.listInputs()).find((input) => input.id === ref.id) ?? null,
  snapshot: inputReviewSnapshot,
  restore: restoreInput,
  async write(pipeline, ref, before, after) {
    // The paused state has its own call; `PUT inputs/{id}` keeps the stored one.
    if (!jsonEqual(withoutPaused(before), withoutPaused(after))) await pipeline.updateInput(after);
    if ((before.paused ?? false) !== (after.paused ?? false))
      await pipeline.setInputPaused(ref.id, after.paused ?? false);
  },
});

// ── event-type mappings ───────────────────────────────────────────────────────────────────────────────────────

const mappingSnapshot = maskedAsIs;

export const restoreMappingKind = restoreKind<Mapping>({
  name: restoreKindNames.mapping,
  type: 'event_type',
  load: (pipeline, ref) => readMappingOrNull(pipeline, ref.id),
  snapshot: mappingSnapshot,
  restore(current, target) {
    const restored = restoreFromSnapshot(toJsonValue(current), mappingSnapshot(current), target);
    if (!isJsonObject(restored)) throw badSnapshot(current.name);
    return { ...(restored as unknown as Mapping), name: current.name };
  },
  async write(pipeline, ref, _before, after) {
    await pipeline.setMapping(ref.id, after);
  },
});

// ── consolidation queries ─────────────────────────────────────────────────────────────────────────────────────

const SlotSnapshotSchema = z.object({
  eventType: z.string(),
  consolidation: z
    .object({
      cron: z.string().nullable(),
      queryType: z.string().nullable(),
      active: z.boolean().nullable(),
      customVariables: z.record(z.string(), z.unknown()).nullable(),
    })
    .nullable(),
});

export const restoreConsolidationKind = restoreKind<ConsolidationSlot>({
  name: restoreKindNames.consolidation,
  type: 'consolidation',
  load: (pipeline, ref) => readSlotOrNull(pipeline, ref.id),
  snapshot: consolidationCreateKind.snapshot,
  restore(current, target) {
    const parsed = SlotSnapshotSchema.safeParse(target);
    if (!parsed.success) throw badSnapshot(current.eventType);
    const wanted = parsed.data.consolidation;
    if (wanted === null) return { ...current, query: null };
    const base = current.query ?? { id: 'new', event_type: current.eventType };
    return {
      ...current,
      query: {
        ...base,
        schedule: { ...(base.schedule ?? {}), cron: wanted.cron ?? DEFAULT_CONSOLIDATION_CRON },
        query_type: wanted.queryType,
        is_active: wanted.active,
        custom_variables: wanted.customVariables,
      },
    };
  },
  /** Through the consolidation kinds' writes: remove, create, or delete + create (the pipeline has no update). */
  async write(pipeline, ref, before, after) {
    const context = { sealed: null };
    if (before.query && !after.query) await consolidationRemoveKind.write(pipeline, ref, before, after, context);
    else if (!before.query && after.query) await consolidationCreateKind.write(pipeline, ref, before, after, context);
    else if (before.query && after.query) await consolidationCronKind.write(pipeline, ref, before, after, context);
  },
});

// ── the default mapping mode ──────────────────────────────────────────────────────────────────────────────────

const DefaultModeSnapshotSchema = z.object({ defaultMappingMode: MappingModeSchema });

export const restoreDefaultModeKind = restoreKind<DefaultModeResource>({
  name: restoreKindNames.defaultMode,
  type: 'default_mapping_mode',
  load: (pipeline, ref) => defaultModeKind.load(pipeline, ref),
  snapshot: defaultModeKind.snapshot,
  restore(_current, target) {
    const parsed = DefaultModeSnapshotSchema.safeParse(target);
    if (!parsed.success) throw badSnapshot('the default mapping mode');
    return { mode: parsed.data.defaultMappingMode };
  },
  async write(pipeline, _ref, _before, after) {
    await pipeline.setDefaultMappingMode(after.mode);
  },
});

/** Every restore kind, for change-kinds.ts. */
export const restoreKinds = [restoreInputKind, restoreMappingKind, restoreConsolidationKind, restoreDefaultModeKind];
