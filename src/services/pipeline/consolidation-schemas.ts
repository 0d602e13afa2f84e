import { z } from 'zod';

/**
 * Scheduled consolidation queries (`v2/consolidation`, alooma-api.md §5). Loose objects: the pipeline keeps more
 * (docker image, command, generated SQL) than pipeops reads, and nothing is written back from a read query.
 * The cron lives in `schedule.cron` in the documented shape (managealooma's `configuration.run_at` does not exist, §9.6).
 */
export const ConsolidationQuerySchema = z.looseObject({
  id: z.union([z.number(), z.string()]).transform(String),
  name: z.string().nullable().optional(),
  event_type: z.string(),
  schedule: z.looseObject({ cron: z.string().nullable().optional() }).nullable().optional(),
  query_type: z.string().nullable().optional(),
  is_active: z.boolean().nullable().optional(),
  is_running: z.boolean().nullable().optional(),
  last_run_start_time: z.string().nullable().optional(),
  last_run_end_time: z.string().nullable().optional(),
  last_success_time: z.string().nullable().optional(),
  next_run_time: z.string().nullable().optional(),
  error_message: z.string().nullable().optional(),
  /** The generated Snowflake SQL (MERGE into the table, the _NRT view, …), when the pipeline shows it. */
  consolidation_query: z.string().nullable().optional(),
  custom_variables: z.record(z.string(), z.unknown()).nullable().optional(),
  deployment_name: z.string().nullable().optional(),
});
export type ConsolidationQuery = z.infer<typeof ConsolidationQuerySchema>;
export const ConsolidationQueriesSchema = z.array(ConsolidationQuerySchema);

/** `GET deployInfo` (AP alooma.py:1511-1516). */
export const DeployInfoSchema = z.looseObject({ deploymentName: z.string().min(1) });
export type DeployInfo = z.infer<typeof DeployInfoSchema>;

/** managealooma's create body (MA consolidations.py:97-116). */
export const NewConsolidationSchema = z.strictObject({
  event_type: z.string().min(1),
  run_at: z.string().min(1),
  query_type: z.string().min(1),
  deployment_name: z.string().min(1),
  custom_variables: z.record(z.string(), z.unknown()).optional(),
});
export type NewConsolidation = z.infer<typeof NewConsolidationSchema>;

/** managealooma's recommended custom variables for event types that do not come from a database table. */
export const RECOMMENDED_CUSTOM_VARIABLES = {
  all_ri_fields: ['_metadata.@timestamp'],
  ri_field: '_metadata.@timestamp',
  ri_column: '_metadata.@timestamp',
} as const;
