import { type Input, InputSchema } from '../pipeline/schemas.js';
import { describeIssue } from './describe-issue.js';
import type { SandboxData } from './sandbox-data.js';
import { badRequest, notFound } from './sandbox-http-error.js';
import { keepStoredFields } from './server-owned-fields.js';

/** Fields the server owns: `PUT inputs/{id}` keeps the stored values (pause has its own call). */
const SERVER_OWNED_INPUT_FIELDS = ['paused', 'created_at'];

export function getInputById(data: Readonly<SandboxData>, id: string): Input {
  const input = data.inputs[id];
  if (!input) throw notFound(`No input with id '${id}'`);
  return input;
}

/** By id, else by name: for out-of-band changes, where a name is what a person has at hand. */
export function getInputByIdOrName(data: Readonly<SandboxData>, idOrName: string): Input {
  const input = data.inputs[idOrName] ?? Object.values(data.inputs).find((candidate) => candidate.name === idOrName);
  if (!input) throw notFound(`No input with id or name '${idOrName}'`);
  return input;
}

/**
 * `PUT inputs/{id}`: the body is the whole input and replaces the stored one, except the
 * server-owned fields. The body's id must be the URL's id, and the name must stay unique.
 */
export function replaceInput(data: SandboxData, id: string, body: unknown): Input {
  const stored = getInputById(data, id);
  const parsed = InputSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`Invalid input: ${describeIssue(parsed.error)}`);
  const input = parsed.data;
  if (input.id !== id) throw badRequest(`Input id '${input.id}' in the body does not match '${id}' in the URL`);
  const clash = Object.values(data.inputs).find((other) => other.id !== id && other.name === input.name);
  if (clash) throw badRequest(`Another input (${clash.id}) is already named '${input.name}'`);
  const next: Input = { ...input };
  keepStoredFields(next, stored, SERVER_OWNED_INPUT_FIELDS);
  data.inputs[id] = next;
  return next;
}

export function setInputPaused(data: SandboxData, id: string, paused: boolean, nowMs = Date.now()): Input {
  const input = getInputById(data, id);
  if (paused && !input.paused) data.metrics.pausedSince[input.name] = nowMs;
  if (!paused) delete data.metrics.pausedSince[input.name];
  input.paused = paused;
  return input;
}
