import { z } from 'zod';
import { type ConsolidationSlot, readSlot, readSlotOrNull } from '../../consolidations/consolidation-slot.js';
import {
  checkCron,
  DEFAULT_CONSOLIDATION_CRON,
  describeCron,
  scheduleLines,
} from '../../consolidations/cron-schedule.js';
import { warehouseTableOf } from '../../ddl/warehouse-table.js';
import type { JsonValue } from '../../json-value.js';
import { toJsonValue } from '../../json-value.js';
import { readMappingOrNull } from '../../mappings/read-mapping.js';
import {
  type ConsolidationQuery,
  type NewConsolidation,
  RECOMMENDED_CUSTOM_VARIABLES,
} from '../../pipeline/consolidation-schemas.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ChangePreview, ResourceRef } from '../change-kind.js';
import { revertBy } from '../restore-kind-names.js';

/**
 * Scheduled consolidation queries (`v2/consolidation`) as change kinds. The resource is the event type's
 * consolidation slot (its query or none), so create, reschedule and remove are all changes of one thing.
 */

export const CronSchema = z.string().superRefine((value, ctx) => {
  const check = checkCron(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.problem });
});

const event = z.string().min(1);

/** What reviewers see and staleness is judged on: the schedule, not run times, ids or last errors. */
function snapshotSlot(slot: ConsolidationSlot): JsonValue {
  const query = slot.query;
  return toJsonValue({
    eventType: slot.eventType,
    consolidation: query
      ? {
          cron: query.schedule?.cron ?? null,
          queryType: query.query_type ?? null,
          active: query.is_active ?? null,
          customVariables: query.custom_variables ?? null,
        }
      : null,
  });
}

function ref(slot: ConsolidationSlot): ResourceRef {
  return { type: 'consolidation', id: slot.eventType, label: slot.eventType };
}

function slotKind<Params extends { event: string }>(definition: {
  name: string;
  params: z.ZodType<Params>;
  destructive?: boolean;
  check(slot: ConsolidationSlot, params: Params): void;
  change(slot: ConsolidationSlot, params: Params): ConsolidationSlot;
  title(ref: ResourceRef, params: Params): string;
  write(pipeline: PipelineProvider, before: ConsolidationSlot, after: ConsolidationSlot): Promise<void>;
  preview(pipeline: PipelineProvider, before: ConsolidationSlot, after: ConsolidationSlot): Promise<ChangePreview>;
}): ChangeKind<ConsolidationSlot, Params> {
  return {
    name: definition.name,
    params: definition.params,
    revert: revertBy.consolidation,
    ...(definition.destructive ? { destructive: true } : {}),
    async locate(pipeline, params) {
      const slot = await readSlot(pipeline, params.event);
      definition.check(slot, params);
      return { ref: ref(slot), resource: slot };
    },
    load: (pipeline, resourceRef) => readSlotOrNull(pipeline, resourceRef.id),
    snapshot: snapshotSlot,
    change: definition.change,
    title: definition.title,
    write: (pipeline, _ref, before, after) => definition.write(pipeline, before, after),
    preview: (pipeline, { before, after }) => definition.preview(pipeline, before, after),
  };
}

function plannedQuery(
  slot: ConsolidationSlot,
  cron: string,
  customVariables: Record<string, unknown> | null,
): ConsolidationQuery {
  return {
    id: 'new',
    event_type: slot.eventType,
    schedule: { cron },
    query_type: 'incremental',
    is_active: true,
    custom_variables: customVariables,
  };
}

function createBody(query: ConsolidationQuery, deploymentName: string): NewConsolidation {
  return {
    event_type: query.event_type,
    run_at: query.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON,
    query_type: query.query_type ?? 'incremental',
    deployment_name: deploymentName,
    ...(query.custom_variables ? { custom_variables: query.custom_variables } : {}),
  };
}

function schedulePreview(title: string, cron: string, extra: string[] = []): ChangePreview {
  return {
    title,
    summary: `${describeCron(cron)} (UTC)`,
    items: [{ label: 'Schedule', lines: [...scheduleLines(cron, new Date()), ...extra] }],
  };
}

/** `create_consolidation`: default cron every 15 minutes, `deployment_name` from `GET deployInfo` at apply. */
export const consolidationCreateKind = slotKind({
  name: 'consolidation.create',
  params: z.object({
    event,
    cron: CronSchema.default(DEFAULT_CONSOLIDATION_CRON),
    /** managealooma's recommended variables for event types not from a database table. */
    customVariables: z.boolean().default(false),
  }),
  check(slot) {
    if (slot.query) {
      throw new UserError(
        'consolidation_exists',
        `Event type \`${slot.eventType}\` already has a consolidation (query ${slot.query.id}, \`${slot.query.schedule?.cron}\`). Change its schedule with \`consolidation cron\`.`,
      );
    }
  },
  change(slot, p) {
    if (slot.query)
      throw new UserError('consolidation_exists', `Event type \`${slot.eventType}\` already has a consolidation.`);
    return {
      ...slot,
      query: plannedQuery(slot, checkedCron(p.cron), p.customVariables ? { ...RECOMMENDED_CUSTOM_VARIABLES } : null),
    };
  },
  title: (r, p) => `Schedule a consolidation of ${r.label} (${p.cron})`,
  async write(pipeline, _before, after) {
    if (!after.query) throw new Error('a create plan has a query');
    const { deploymentName } = await pipeline.getDeployInfo();
    await pipeline.createConsolidation(createBody(after.query, deploymentName));
  },
  async preview(pipeline, before, after) {
    const mapping = await readMappingOrNull(pipeline, before.eventType);
    const table = mapping ? warehouseTableOf(mapping) : null;
    // A consolidation merges <TABLE>_LOG into the table: without a _LOG table it has nothing to merge.
    const note =
      table && !table.hasLog
        ? [
            `${before.eventType} loads into ${table.table.schema}.${table.table.table} directly (no _LOG table): the query has nothing to merge until \`mapping ${before.eventType} use-log\`.`,
          ]
        : [];
    return schedulePreview('New consolidation', after.query?.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON, note);
  },
});

function checkedCron(cron: string): string {
  const check = checkCron(cron);
  if (!check.ok) throw new UserError('invalid_cron', check.problem);
  return check.expression;
}

function existingQuery(slot: ConsolidationSlot): ConsolidationQuery {
  if (!slot.query) {
    throw new UserError(
      'no_consolidation',
      `Event type \`${slot.eventType}\` has no consolidation query. Create one with \`consolidation create ${slot.eventType}\`.`,
    );
  }
  return slot.query;
}

/**
 * A new schedule. The pipeline has no update call, so this is delete + create (managealooma's version is broken,
 * §9.6) as one change with one approval. If the create fails after the delete, the old query is recreated and the
 * error says so; if that fails too, it says the event type is left without a consolidation. Lost answers are settled
 * by reading the event type's query (removeOrConfirmGone, compensateRefusedCreate).
 */
export const consolidationCronKind = slotKind({
  name: 'consolidation.cron',
  params: z.object({ event, cron: CronSchema }),
  check: (slot) => {
    existingQuery(slot);
  },
  change(slot, p) {
    const query = existingQuery(slot);
    const cron = checkedCron(p.cron);
    if (query.schedule?.cron === cron) {
      throw new UserError('no_change', `The consolidation of \`${slot.eventType}\` already runs on \`${cron}\`.`);
    }
    return { ...slot, query: { ...query, schedule: { ...(query.schedule ?? {}), cron } } };
  },
  title: (r, p) => `Reschedule the consolidation of ${r.label} to ${p.cron}`,
  async write(pipeline, before, after) {
    const old = existingQuery(before);
    const next = existingQuery(after);
    const { deploymentName } = await pipeline.getDeployInfo();
    await removeOrConfirmGone(pipeline, before.eventType, old);
    try {
      await pipeline.createConsolidation(createBody(next, deploymentName));
    } catch (createError) {
      await compensateRefusedCreate(pipeline, before.eventType, old, next, deploymentName, createError);
    }
  },
  preview: async (_pipeline, before, after) =>
    schedulePreview('New schedule', after.query?.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON, [
      `Was \`${before.query?.schedule?.cron}\`: ${describeCron(before.query?.schedule?.cron ?? '')}`,
      'Applied as delete + create of the query (the pipeline has no update); a refused create restores the old query.',
    ]),
});

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Deletes the old query. When the delete's answer is lost, the slot is read: a query that is gone was deleted (go on
 * with the create); one still there, or an unreadable slot, fails the write before anything changed.
 */
async function removeOrConfirmGone(pipeline: PipelineProvider, eventType: string, old: ConsolidationQuery) {
  try {
    await pipeline.removeConsolidation(old.id);
  } catch (deleteError) {
    const slot = await readSlotOrNull(pipeline, eventType).catch(() => undefined);
    if (slot === undefined || slot?.query) throw deleteError;
  }
}

/**
 * The create failed after the delete. If the new query is there anyway (the answer was lost), the change is done.
 * Otherwise the old query is recreated, and the error says which of the two outcomes it is: schedule unchanged, or
 * NO consolidation (and how to restore it). Both outcomes are known, so they are raised as refusals (failed), not as
 * an unknown write.
 */
async function compensateRefusedCreate(
  pipeline: PipelineProvider,
  eventType: string,
  old: ConsolidationQuery,
  next: ConsolidationQuery,
  deploymentName: string,
  createError: unknown,
): Promise<void> {
  const oldCron = old.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON;
  const current = await readSlotOrNull(pipeline, eventType).catch(() => undefined);
  if (current?.query) {
    if (current.query.schedule?.cron === next.schedule?.cron) return;
    if (String(current.query.id) === String(old.id)) {
      throw new UserError(
        'consolidation_kept',
        `The pipeline answered the delete of query ${old.id} but kept it, then refused the new query (${messageOf(createError)}): the schedule of ${eventType} is unchanged.`,
      );
    }
    throw new UserError(
      'consolidation_changed',
      `The new query of ${eventType} was refused (${messageOf(createError)}), and ${eventType} now has query ${current.query.id} on \`${current.query.schedule?.cron}\` (created by someone else): the old query was not recreated.`,
    );
  }
  try {
    await pipeline.createConsolidation(createBody(old, deploymentName));
  } catch (restoreError) {
    throw new UserError(
      'consolidation_lost',
      `The old query of ${eventType} was deleted, the new one was refused (${messageOf(createError)}), and recreating the old one failed too (${messageOf(restoreError)}). ${eventType} has NO consolidation now: recreate it with \`consolidation create ${eventType} cron "${oldCron}"\`.`,
    );
  }
  throw new UserError(
    'consolidation_restored',
    `The new query of ${eventType} was refused (${messageOf(createError)}); the old query was recreated with its schedule \`${oldCron}\`, so the schedule is unchanged.`,
  );
}

/** `remove_scheduled_query_for_event`: destructive, the data stops being consolidated. */
export const consolidationRemoveKind = slotKind({
  name: 'consolidation.remove',
  params: z.object({ event }),
  destructive: true,
  check: (slot) => {
    existingQuery(slot);
  },
  change(slot) {
    existingQuery(slot);
    return { ...slot, query: null };
  },
  title: (r) => `Remove the consolidation of ${r.label}`,
  async write(pipeline, before) {
    await pipeline.removeConsolidation(existingQuery(before).id);
  },
  async preview(pipeline, before) {
    const query = existingQuery(before);
    const mapping = await pipeline.getMapping(before.eventType).catch(() => null);
    const log = mapping?.mapping?.tableName ?? 'its _LOG table';
    const table = mapping?.consolidation?.consolidatedTableName || 'the consolidated table';
    return {
      title: 'What stops',
      summary: `Query ${query.id} (\`${query.schedule?.cron}\`) stops: rows loaded into ${log} are no longer merged into ${table}.`,
      items: [
        {
          label: 'Removed query',
          lines: [
            `id ${query.id} · ${query.query_type ?? 'incremental'} · ${describeCron(query.schedule?.cron ?? '')}`,
            `last run ${query.last_run_end_time ?? 'never'}${query.error_message ? ` · last error: ${query.error_message}` : ''}`,
            'To undo: consolidation create with the same schedule.',
          ],
        },
      ],
    };
  },
});

export const consolidationKinds = [consolidationCreateKind, consolidationCronKind, consolidationRemoveKind];
