import { Cron } from 'croner';
import { NewConsolidationSchema } from '../pipeline/consolidation-schemas.js';
import { describeIssue } from './describe-issue.js';
import { SANDBOX_DEPLOYMENT_NAME, type SandboxConsolidationQuery } from './sandbox-consolidation-data.js';
import type { SandboxData } from './sandbox-data.js';
import { badRequest, notFound } from './sandbox-http-error.js';

/**
 * The sandbox's consolidation operations. Queries follow their event type: one whose event type is gone is not
 * listed and is dropped by the next write (a removed event type loses its query, whoever removed it).
 */
export function listQueries(data: Readonly<SandboxData>, eventType: string | null): SandboxConsolidationQuery[] {
  return data.consolidations.queries.filter(
    (query) =>
      data.eventTypes[query.event_type] !== undefined && (eventType === null || query.event_type === eventType),
  );
}

/** `POST v2/consolidation`: validated like the pipeline would (event type exists, one query each, cron valid). */
export function createQuery(data: SandboxData, body: unknown, now: Date): SandboxConsolidationQuery {
  dropOrphans(data);
  const parsed = NewConsolidationSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Invalid consolidation: ${describeIssue(parsed.error)}`);
  const request = parsed.data;
  if (!data.eventTypes[request.event_type]) throw badRequest(`No event type named '${request.event_type}'`);
  const existing = data.consolidations.queries.find((query) => query.event_type === request.event_type);
  if (existing) throw badRequest(`Event type '${request.event_type}' already has a consolidation (id ${existing.id})`);
  if (request.deployment_name !== SANDBOX_DEPLOYMENT_NAME) {
    throw badRequest(`deployment_name must be '${SANDBOX_DEPLOYMENT_NAME}' (see GET deployInfo)`);
  }
  let next: Date | null;
  try {
    next = new Cron(request.run_at, { timezone: 'UTC', paused: true }).nextRun(now);
  } catch (error) {
    throw badRequest(`Invalid run_at '${request.run_at}': ${(error as Error).message}`);
  }
  const id = data.consolidations.nextId;
  const query: SandboxConsolidationQuery = {
    id,
    name: `consolidate_${request.deployment_name}_${request.query_type}`,
    event_type: request.event_type,
    schedule: { cron: request.run_at },
    query_type: request.query_type,
    is_active: true,
    is_running: false,
    start_time: now.toISOString(),
    next_run_time: next?.toISOString() ?? null,
    time_limit: 3600,
    service_type: 'alooma_utility',
    last_success_time: null,
    last_run_start_time: null,
    last_run_end_time: null,
    last_run_return_code: null,
    error_message: null,
    generated_by: null,
    consolidation_query: null,
    deployment_name: request.deployment_name,
    ...(request.custom_variables ? { custom_variables: request.custom_variables } : {}),
  };
  data.consolidations = { nextId: id + 1, queries: [...data.consolidations.queries, query] };
  return query;
}

/** `DELETE v2/consolidation/{id}` */
export function removeQuery(data: SandboxData, id: string): void {
  dropOrphans(data);
  const before = data.consolidations.queries.length;
  data.consolidations.queries = data.consolidations.queries.filter((query) => String(query.id) !== id);
  if (data.consolidations.queries.length === before) throw notFound(`No consolidation query with id ${id}`);
}

/** Out-of-band edit (someone in the pipeline's UI, or a failing run): merges `patch` into the query. */
export function patchQuery(data: SandboxData, id: string, patch: Record<string, unknown>): SandboxConsolidationQuery {
  const query = data.consolidations.queries.find((candidate) => String(candidate.id) === id);
  if (!query) throw notFound(`No consolidation query with id ${id}`);
  const { id: _id, ...rest } = patch;
  Object.assign(query, rest);
  return query;
}

/** Drops the queries of event types that no longer exist. */
export function dropOrphans(data: SandboxData): void {
  data.consolidations.queries = data.consolidations.queries.filter((query) => data.eventTypes[query.event_type]);
}
