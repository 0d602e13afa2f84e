import { z } from 'zod';
import { type ConsolidationSlot, readSlot, readSlotOrNull } from '../../consolidations/consolidation-slot.js';
import {
  checkCron,
  DEFAULT_CONSOLIDATION_CRON,
  describeCron,
  scheduleLines,
} from '../../consolidations/cron-schedule.js';
import type { JsonValue } from '../../json-value.js';
import { toJsonValue } from '../../json-value.js';
import {
  type ConsolidationQuery,
  type NewConsolidation,
  RECOMMENDED_CUSTOM_VARIABLES,
} from '../../pipeline/consolidation-schemas.js';
import { PipelineError } from '../../pipeline/pipeline-error.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ChangePreview, ResourceRef } from '../change-kind.js';

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
  preview: async (_pipeline, _before, after) =>
    schedulePreview('New consolidation', after.query?.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON),
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
 * error says so; if that fails too, it says the event type is left without a consolidation.
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
    await pipeline.removeConsolidation(old.id);
    try {
      await pipeline.createConsolidation(createBody(next, deploymentName));
    } catch (createError) {
      const why = createError instanceof Error ? createError.message : String(createError);
      const code = createError instanceof PipelineError ? createError.code : 'server_error';
      const oldCron = old.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON;
      try {
        await pipeline.createConsolidation(createBody(old, deploymentName));
      } catch (restoreError) {
        const restoreWhy = restoreError instanceof Error ? restoreError.message : String(restoreError);
        throw new PipelineError(
          code,
          `The old query of ${before.eventType} was deleted, the new one was refused (${why}), and recreating the old one failed too (${restoreWhy}). ${before.eventType} has NO consolidation now: recreate it with \`consolidation create ${before.eventType} cron "${oldCron}"\`.`,
        );
      }
      throw new PipelineError(
        code,
        `The new query of ${before.eventType} was refused (${why}); the old query was recreated with its schedule \`${oldCron}\`, so the schedule is unchanged.`,
      );
    }
  },
  preview: async (_pipeline, before, after) =>
    schedulePreview('New schedule', after.query?.schedule?.cron ?? DEFAULT_CONSOLIDATION_CRON, [
      `Was \`${before.query?.schedule?.cron}\`: ${describeCron(before.query?.schedule?.cron ?? '')}`,
      'Applied as delete + create of the query (the pipeline has no update); a refused create restores the old query.',
    ]),
});

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
