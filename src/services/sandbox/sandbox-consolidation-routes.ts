import { z } from 'zod';
import { describeIssue } from './describe-issue.js';
import { SANDBOX_DEPLOYMENT_NAME } from './sandbox-consolidation-data.js';
import { createQuery, listQueries, patchQuery, removeQuery } from './sandbox-consolidations.js';
import { badRequest } from './sandbox-http-error.js';
import { pathParam, type Route } from './sandbox-router.js';
import type { SandboxState } from './sandbox-state.js';

/**
 * `v2/consolidation` and `deployInfo` (alooma-api.md §5). Shapes the reference leaves unverified, chosen here:
 * `POST v2/consolidation` answers 200 with the created query; `DELETE` answers 204 with no body; a second query for
 * the same event type, an unknown event type, a wrong deployment name or an invalid cron is a 400.
 */
export function createConsolidationRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'v2/consolidation',
      handler: (request) => ({
        status: 200,
        body: state.read((data) => listQueries(data, request.query.get('event_type'))),
      }),
    },
    {
      method: 'POST',
      pattern: 'v2/consolidation',
      handler: (request) => ({
        status: 200,
        body: state.mutate((data) => createQuery(data, request.body, new Date())),
      }),
    },
    {
      method: 'DELETE',
      pattern: 'v2/consolidation/:id',
      handler: (request) => {
        state.mutate((data) => removeQuery(data, pathParam(request, 'id')));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: 'deployInfo',
      handler: () => ({ status: 200, body: { deploymentName: SANDBOX_DEPLOYMENT_NAME } }),
    },
  ];
}

const PatchSchema = z.record(z.string(), z.unknown());

/** `PATCH /__sandbox/consolidations/:id` with fields to merge (e.g. `{"error_message": "…"}`): out-of-band edits. */
export function createConsolidationControlRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'PATCH',
      pattern: 'consolidations/:id',
      handler: (request) => {
        const parsed = PatchSchema.safeParse(request.body);
        if (!parsed.success) throw badRequest(`Expected a JSON object: ${describeIssue(parsed.error)}`);
        const patch = parsed.data;
        return { status: 200, body: state.mutate((data) => patchQuery(data, pathParam(request, 'id'), patch)) };
      },
    },
  ];
}
