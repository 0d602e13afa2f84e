import { z } from 'zod';

/**
 * A scripted misbehaviour of the sandbox pipeline, for tests and demos. Matching requests wait
 * `delayMs` (if given), then get `status` with `body` (if a status is given) instead of the real answer;
 * a fault with only a delay makes the pipeline slow but correct. With `applied` the request is carried out first
 * and only its answer is replaced: a write the pipeline took whose answer is lost. `reset` cuts the connection
 * instead of answering.
 */
export interface SandboxFault {
  /**
   * HTTP method, case-insensitive; `*` matches any; `write` matches the requests that change the pipeline (any
   * method but GET and HEAD, except the POSTs that only compute, see READS_BY_POST).
   */
  method: string;
  /**
   * Relative to the REST root (`inputs`, `event-types/PUBLIC.ORDERS/mapping`, no query). A string must
   * equal the path as sent or as decoded; a RegExp is tested against both.
   */
  path: string | RegExp;
  status?: number;
  delayMs?: number;
  /** Response body for `status`; defaults to `{ "error": "injected_fault", "message": ... }`. */
  body?: unknown;
  /** How many matching requests it affects; unlimited (until cleared or reset) when omitted. */
  times?: number;
  /** Carry the request out, then answer with the fault (its `status`, or a reset) instead of the real answer. */
  applied?: boolean;
  /** Destroy the connection instead of answering (after `delayMs`, and after carrying it out with `applied`). */
  reset?: boolean;
}

/** The same, as JSON for `POST /__sandbox/faults`: `path` is a string, or `pathPattern` a RegExp source. */
export const SandboxFaultBodySchema = z
  .strictObject({
    method: z.string().min(1),
    path: z.string().min(1).optional(),
    pathPattern: z.string().min(1).optional(),
    status: z.number().int().min(100).max(599).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    body: z.unknown().optional(),
    times: z.number().int().positive().optional(),
    applied: z.boolean().optional(),
    reset: z.boolean().optional(),
  })
  .refine((fault) => (fault.path === undefined) !== (fault.pathPattern === undefined), {
    message: 'give exactly one of path and pathPattern',
  });

export interface FaultInjector {
  add(fault: SandboxFault): void;
  /** The first active fault for this request, consuming one of its `times`. */
  take(method: string, rawPath: string, decodedPath: string): SandboxFault | undefined;
  list(): SandboxFault[];
  clear(): void;
}

export function createFaultInjector(): FaultInjector {
  let faults: { fault: SandboxFault; remaining: number }[] = [];
  return {
    add(fault) {
      validateFault(fault);
      const path = typeof fault.path === 'string' ? fault.path.replace(/^\/?(rest\/)?/, '') : fault.path;
      faults.push({ fault: { ...fault, path }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    take(method, rawPath, decodedPath) {
      const entry = faults.find(({ fault }) => matches(fault, method, rawPath, decodedPath));
      if (!entry) return undefined;
      entry.remaining -= 1;
      if (entry.remaining <= 0) faults = faults.filter((candidate) => candidate !== entry);
      return entry.fault;
    },
    list: () => faults.map(({ fault, remaining }) => ({ ...fault, times: remaining })),
    clear() {
      faults = [];
    },
  };
}

function validateFault(fault: SandboxFault): void {
  if (fault.status === undefined && fault.delayMs === undefined && !fault.reset) {
    throw new TypeError('A sandbox fault needs a status, a delayMs, or both (or reset)');
  }
  if (fault.applied && fault.status === undefined && !fault.reset) {
    throw new TypeError('An `applied` sandbox fault needs a status or reset to answer with');
  }
  if (fault.status !== undefined && (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)) {
    throw new TypeError(`A sandbox fault status must be an HTTP status, not ${fault.status}`);
  }
  if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
    throw new TypeError('A sandbox fault `times` must be a positive integer');
  }
}

/** POST routes that change nothing (they run transform steps on given events): reads for a `write` fault. */
const READS_BY_POST = new Set(['transform/steps/run']);

function isWrite(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return false;
  return !(upper === 'POST' && READS_BY_POST.has(path));
}

function matches(fault: SandboxFault, method: string, rawPath: string, decodedPath: string): boolean {
  if (fault.method.toLowerCase() === 'write') {
    if (!isWrite(method, decodedPath)) return false;
  } else if (fault.method !== '*' && fault.method.toUpperCase() !== method) return false;
  if (typeof fault.path === 'string') return fault.path === rawPath || fault.path === decodedPath;
  return testFrom0(fault.path, rawPath) || testFrom0(fault.path, decodedPath);
}

/** A /g or /y RegExp remembers where it stopped; every request must be matched from the start. */
function testFrom0(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}
