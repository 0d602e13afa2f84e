import { z } from 'zod';
import { describeIssue } from './describe-issue.js';
import { setMappingMode } from './sandbox-event-types.js';
import { type FaultInjector, type SandboxFault, SandboxFaultBodySchema } from './sandbox-faults.js';
import { badRequest } from './sandbox-http-error.js';
import { getInputByIdOrName, setInputPaused } from './sandbox-inputs.js';
import type { RequestLog } from './sandbox-request-log.js';
import { pathParam, type Route } from './sandbox-router.js';
import type { SandboxState } from './sandbox-state.js';

export interface SandboxControlTarget {
  state: SandboxState;
  faults: FaultInjector;
  requestLog: RequestLog;
  /** State back to the seed, faults and request log cleared. */
  reset(): void;
}

const PausedBodySchema = z.strictObject({ paused: z.boolean() });
const MappingModeBodySchema = z.strictObject({ mappingMode: z.unknown() });

/**
 * Test and demo controls under `/__sandbox/` (same API-key auth as the REST area), so a separate
 * process (the local console) can drive the sandbox:
 * - `GET state`: the whole state; `POST reset`
 * - `GET|POST|DELETE faults`: list, add (a SandboxFault as JSON, see SandboxFaultBodySchema), clear
 * - `GET|DELETE requests`: the REST request log, or clear it
 * - `PUT inputs/:input/paused` `{"paused": bool}` and `PUT event-types/:name/mapping-mode`
 *   `{"mappingMode": "STRICT"}`: out-of-band changes, as someone using the pipeline's own UI would make them
 *   (`:input` is an id or a name).
 */
export function createControlRoutes(target: SandboxControlTarget): Route[] {
  const { state, faults, requestLog } = target;
  return [
    { method: 'GET', pattern: 'state', handler: () => ({ status: 200, body: state.snapshot() }) },
    {
      method: 'POST',
      pattern: 'reset',
      handler: () => {
        target.reset();
        return { status: 200, body: { reset: true } };
      },
    },
    { method: 'GET', pattern: 'faults', handler: () => ({ status: 200, body: faults.list().map(faultToJson) }) },
    {
      method: 'POST',
      pattern: 'faults',
      handler: (request) => {
        const parsed = SandboxFaultBodySchema.safeParse(request.body);
        if (!parsed.success) throw badRequest(`Invalid fault: ${describeIssue(parsed.error)}`);
        const { path, pathPattern, ...rest } = parsed.data;
        const fault: SandboxFault = { ...rest, path: path ?? compilePattern(pathPattern ?? '') };
        try {
          faults.add(fault);
        } catch (error) {
          throw badRequest((error as Error).message);
        }
        return { status: 201, body: faultToJson(fault) };
      },
    },
    {
      method: 'DELETE',
      pattern: 'faults',
      handler: () => {
        faults.clear();
        return { status: 200, body: { cleared: true } };
      },
    },
    { method: 'GET', pattern: 'requests', handler: () => ({ status: 200, body: requestLog.entries() }) },
    {
      method: 'DELETE',
      pattern: 'requests',
      handler: () => {
        requestLog.clear();
        return { status: 200, body: { cleared: true } };
      },
    },
    {
      method: 'PUT',
      pattern: 'inputs/:input/paused',
      handler: (request) => {
        const parsed = PausedBodySchema.safeParse(request.body);
        if (!parsed.success) throw badRequest(`Expected {"paused": true|false}: ${describeIssue(parsed.error)}`);
        const { paused } = parsed.data;
        const input = state.mutate((data) => {
          const { id } = getInputByIdOrName(data, pathParam(request, 'input'));
          return setInputPaused(data, id, paused);
        });
        return { status: 200, body: input };
      },
    },
    {
      method: 'PUT',
      pattern: 'event-types/:name/mapping-mode',
      handler: (request) => {
        const parsed = MappingModeBodySchema.safeParse(request.body);
        if (!parsed.success) throw badRequest(`Expected {"mappingMode": ...}: ${describeIssue(parsed.error)}`);
        const { mappingMode } = parsed.data;
        const eventType = state.mutate((data) => setMappingMode(data, pathParam(request, 'name'), mappingMode));
        return { status: 200, body: eventType };
      },
    },
  ];
}

function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw badRequest(`pathPattern is not a valid regular expression: ${(error as Error).message}`);
  }
}

function faultToJson(fault: SandboxFault): Record<string, unknown> {
  const { path, times, ...rest } = fault;
  return {
    ...rest,
    ...(typeof path === 'string' ? { path } : { pathPattern: path.source }),
    times: times === undefined || Number.isFinite(times) ? times : null,
  };
}
