import type { SandboxData } from './sandbox-data.js';
import { badRequest, notFound } from './sandbox-http-error.js';
import { secretDigest } from './sandbox-secret-data.js';

/** The sandbox's secrets (alooma-api.md §6): names out, values in, never a value out. */

const MAX_NAME_LENGTH = 256;

/** `GET secrets`: the names, sorted. */
export function listSecretNames(data: Readonly<SandboxData>): string[] {
  return Object.keys(data.secrets).sort();
}

/**
 * `PUT secrets` with `{name: value, ...}`: creates or replaces each. A 400 for anything else, whose message names
 * the offending name and never a value.
 */
export function putSecrets(data: SandboxData, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Request body must be a JSON object of secret names to values');
  }
  const entries = Object.entries(body);
  if (entries.length === 0) throw badRequest('Request body names no secret');
  for (const [name, value] of entries) {
    if (name.trim() === '' || name.length > MAX_NAME_LENGTH || name.includes('/')) {
      throw badRequest(`Secret names must be 1-${MAX_NAME_LENGTH} characters without '/'`);
    }
    if (typeof value !== 'string') throw badRequest(`The value of secret '${name}' must be a string`);
  }
  for (const [name, value] of entries) data.secrets[name] = { sha256: secretDigest(value as string) };
  return entries.map(([name]) => name);
}

/** `DELETE secrets/{name}`; 404 when there is none. */
export function deleteSecret(data: SandboxData, name: string): void {
  if (!(name in data.secrets)) throw notFound(`No secret named '${name}'`);
  delete data.secrets[name];
}

/** For tests: whether the secret holds exactly this value (compared by digest). */
export function secretHasValue(data: Readonly<SandboxData>, name: string, value: string): boolean {
  return data.secrets[name]?.sha256 === secretDigest(value);
}
