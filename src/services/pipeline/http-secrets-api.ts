import { z } from 'zod';
import { PipelineError } from './pipeline-error.js';
import type { PipelineHttpClient } from './pipeline-http-client.js';
import type { PipelineProvider } from './provider.js';
import { quotePathSegment } from './rest-url.js';

type SecretsApi = Pick<PipelineProvider, 'listSecrets' | 'setSecrets' | 'deleteSecret'>;

/** `GET secrets` answers the names only (alooma-api.md §6; managealooma printed the raw bytes, §9.9). */
const SecretNamesSchema = z.array(z.string());

/** `GET secrets`, `PUT secrets`, `DELETE secrets/{name}` (alooma-api.md §6). */
export function createHttpSecretsApi(client: PipelineHttpClient): SecretsApi {
  return {
    async listSecrets() {
      const names = await client.sendJson(
        { method: 'GET', path: 'secrets', resource: 'secrets list' },
        SecretNamesSchema,
      );
      return [...new Set(names)].sort();
    },

    async setSecrets(values) {
      try {
        // A pipeline that quotes the request in its error answer would echo the values: the answer is withheld.
        await client.send({
          method: 'PUT',
          path: 'secrets',
          json: values,
          resource: 'secrets endpoint',
          withholdAnswer: true,
        });
      } catch (error) {
        throw scrubbed(error, Object.values(values));
      }
    },

    async deleteSecret(name) {
      await client.send({
        method: 'DELETE',
        path: `secrets/${quotePathSegment(name)}`,
        resource: `secret '${name}'`,
      });
    },
  };
}

/** Belt and braces: no message leaves with a value in it, whatever built the message. */
function scrubbed(error: unknown, values: readonly string[]): unknown {
  if (!(error instanceof PipelineError)) return error;
  let message = error.message;
  for (const value of values) if (value !== '') message = message.split(value).join('[secret value]');
  return message === error.message ? error : new PipelineError(error.code, message, { status: error.status });
}
