import { randomUUID } from 'node:crypto';
import { isCredentialKey } from '../credentials/credential-keys.js';
import { type NewInput, NewInputSchema, type PlumbingNode } from '../pipeline/plumbing-schemas.js';
import type { Input } from '../pipeline/schemas.js';
import { describeIssue } from './describe-issue.js';
import type { SandboxData } from './sandbox-data.js';
import { badRequest, notFound } from './sandbox-http-error.js';
import { getInputById } from './sandbox-inputs.js';
import { readMetrics } from './sandbox-metrics.js';

/**
 * `GET plumbing/?resolution=1min`: the inputs as INPUT nodes, then the stored transformer, restream and output nodes.
 * `stats.throughput` is events per minute in the newest minute: an input's INCOMING_EVENTS, the transformer's sum of
 * them, an output's LOADED_EVENTS_RATE, the restream node's RESTREAMED_EVENTS (with `availbleForRestream`, sic, from
 * EVENTS_IN_TRANSIT). Credentials are not in node configurations (they are write-only, see sandbox-plumbing-data.ts).
 */
export function readStructure(data: Readonly<SandboxData>, nowMs: number): { nodes: PlumbingNode[] } {
  const lastMinute = (metric: Parameters<typeof readMetrics>[1]['metrics'][number], by?: 'input') =>
    readMetrics(data, { metrics: [metric], minutes: 1, resolutionMinutes: 1, ...(by ? { by } : {}) }, nowMs);
  const perInput = new Map(
    lastMinute('INCOMING_EVENTS', 'input').map((series) => [
      series.tags?.input ?? '',
      series.datapoints[0]?.[0] ?? null,
    ]),
  );
  const total = (metric: Parameters<typeof lastMinute>[0]) => lastMinute(metric)[0]?.datapoints[0]?.[0] ?? null;
  const inputNodes: PlumbingNode[] = Object.values(data.inputs).map((input) => ({
    id: input.id,
    name: input.name,
    type: input.type,
    category: 'INPUT',
    deleted: false,
    paused: input.paused ?? false,
    configuration: input.configuration ?? {},
    stats: { throughput: perInput.get(input.name) ?? null },
  }));
  const incoming = inputNodes.reduce((sum, node) => sum + (node.stats?.throughput ?? 0), 0);
  const otherNodes = data.plumbingNodes.map((node): PlumbingNode => {
    if (node.type === 'TRANSFORMER') return { ...node, stats: { throughput: incoming } };
    if (node.type === 'RESTREAM') {
      return {
        ...node,
        stats: { throughput: total('RESTREAMED_EVENTS'), availbleForRestream: total('EVENTS_IN_TRANSIT') },
      };
    }
    if (node.category === 'OUTPUT') return { ...node, stats: { throughput: total('LOADED_EVENTS_RATE') } };
    return { ...node, stats: null };
  });
  return { nodes: [...inputNodes, ...otherNodes] };
}

/**
 * `POST plumbing/inputs`: validates `{"name", "type", "configuration"[, "copyCredentialsFrom"]}` and stores a new,
 * running input with a fresh id. Credential values in the body go to the server-side store (never into the readable
 * configuration); `copyCredentialsFrom` copies another input's stored credentials. Names are unique.
 */
export function createInput(data: SandboxData, body: unknown, nowMs = Date.now()): Input {
  const parsed = NewInputSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Invalid input: ${describeIssue(parsed.error)}`);
  const request: NewInput = parsed.data;
  const clash = Object.values(data.inputs).find((input) => input.name === request.name);
  if (clash) throw badRequest(`An input named '${request.name}' already exists (${clash.id})`);
  const credentials: Record<string, string> = {};
  if (request.copyCredentialsFrom !== undefined) {
    if (!data.inputs[request.copyCredentialsFrom]) {
      throw badRequest(`copyCredentialsFrom: no input with id '${request.copyCredentialsFrom}'`);
    }
    Object.assign(credentials, data.inputCredentials[request.copyCredentialsFrom] ?? {});
  }
  const configuration: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request.configuration)) {
    if (isCredentialKey(key) && typeof value === 'string') credentials[key] = value;
    else configuration[key] = value;
  }
  const id = randomUUID();
  const input: Input = {
    id,
    name: request.name,
    type: request.type,
    paused: false,
    validated: true,
    created_at: new Date(nowMs).toISOString().replace('Z', '000'),
    configuration,
  };
  data.inputs[id] = input;
  if (Object.keys(credentials).length > 0) data.inputCredentials[id] = credentials;
  return input;
}

/**
 * `POST plumbing/nodes/remove/{id}`: removes an input with its stored credentials. Its event types stay in the
 * mapper (they simply stop receiving events), as Alooma keeps them. The transformer, restream and output nodes
 * cannot be removed this way (400).
 */
export function removeInput(data: SandboxData, id: string): Input {
  if (data.plumbingNodes.some((node) => node.id === id)) {
    throw badRequest(`Node '${id}' is not an input; only inputs can be removed`);
  }
  const input = getInputById(data, id);
  delete data.inputs[id];
  delete data.inputCredentials[id];
  delete data.metrics.pausedSince[input.name];
  return input;
}

/** By name, for out-of-band removal in tests and demos. */
export function findInputIdByName(data: Readonly<SandboxData>, idOrName: string): string {
  if (data.inputs[idOrName]) return idOrName;
  const input = Object.values(data.inputs).find((candidate) => candidate.name === idOrName);
  if (!input) throw notFound(`No input with id or name '${idOrName}'`);
  return input.id;
}
