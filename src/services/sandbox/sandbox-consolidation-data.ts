import { z } from 'zod';

/**
 * Scheduled consolidation queries as the sandbox keeps them (served by sandbox-consolidation-routes.ts). A query is
 * stored in the documented shape (alooma-api.md §5), keyed by nothing but its numeric id.
 */
export const SandboxConsolidationQuerySchema = z.looseObject({
  id: z.number().int().positive(),
  event_type: z.string().min(1),
  schedule: z.looseObject({ cron: z.string() }),
  error_message: z.string().nullable(),
});
export type SandboxConsolidationQuery = z.infer<typeof SandboxConsolidationQuerySchema>;

export const SandboxConsolidationsSchema = z.object({
  nextId: z.number().int().positive(),
  queries: z.array(SandboxConsolidationQuerySchema),
});
export type SandboxConsolidations = z.infer<typeof SandboxConsolidationsSchema>;

export const SANDBOX_DEPLOYMENT_NAME = 'sandbox-deployment';

function fixtureQuery(
  overrides: Record<string, unknown> & { id: number; event_type: string; schedule: { cron: string } },
) {
  return {
    name: `consolidate_${SANDBOX_DEPLOYMENT_NAME}_incremental`,
    query_type: 'incremental',
    is_active: true,
    is_running: false,
    start_time: '2019-01-01T00:00:00.00000Z',
    next_run_time: '2019-08-01T00:30:00.00Z',
    enqueue_time: '2019-08-25T17:37:23.633727Z',
    time_limit: 3600,
    service_type: 'alooma_utility',
    last_success_time: null,
    last_run_start_time: '2019-08-01T00:00:00.00Z',
    last_run_end_time: '2019-08-01T00:00:02.00Z',
    last_run_return_code: null,
    error_message: null,
    generated_by: null,
    consolidation_query: null,
    docker_img: 'muppet-consolidation',
    docker_tag: 'latest',
    deployment_name: SANDBOX_DEPLOYMENT_NAME,
    ...overrides,
  };
}

/**
 * From MA tests/test_consolidations.py: the query of PUBLIC.USERS runs every 30 minutes; the one of
 * SOURCE_TWO.TABLE_ONE is in error state (its last run failed), to show in `/pipeline status` and alerts.
 */
export function createConsolidationsSeed(): SandboxConsolidations {
  return {
    nextId: 12347,
    queries: [
      fixtureQuery({ id: 12345, event_type: 'PUBLIC.USERS', schedule: { cron: '*/30 * * * *' } }),
      fixtureQuery({
        id: 12346,
        event_type: 'SOURCE_TWO.TABLE_ONE',
        schedule: { cron: '*/15 * * * *' },
        generated_by: 'auto-mapper',
        last_run_return_code: 1,
        error_message: 'SQL compilation error: invalid identifier \'"UPDATED_AT"\'',
        // The shape of the fixture's generated SQL (MERGE from the _LOG table, the _NRT view, the _LOG cleanup).
        consolidation_query: [
          'MERGE INTO "SOURCE_TWO"."TABLE_ONE" t USING (SELECT * FROM "SOURCE_TWO"."TABLE_ONE_LOG"',
          '  QUALIFY ROW_NUMBER() OVER (PARTITION BY "ID" ORDER BY "UPDATED_AT" DESC) = 1) s ON t."ID" = s."ID"',
          'WHEN MATCHED THEN UPDATE SET t."VALUE" = s."VALUE", t."UPDATED_AT" = s."UPDATED_AT"',
          'WHEN NOT MATCHED THEN INSERT ("ID", "VALUE", "UPDATED_AT") VALUES (s."ID", s."VALUE", s."UPDATED_AT");',
          'CREATE OR REPLACE VIEW "SOURCE_TWO"."TABLE_ONE_NRT" AS SELECT * FROM "SOURCE_TWO"."TABLE_ONE";',
          'DELETE FROM "SOURCE_TWO"."TABLE_ONE_LOG" WHERE "_METADATA__TIMESTAMP" < DATEADD(day, -3, CURRENT_TIMESTAMP());',
        ].join('\n'),
      }),
    ],
  };
}
