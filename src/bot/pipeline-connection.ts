import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createHttpPipelineProvider } from '../services/pipeline/http-provider.js';
import type { PipelineProvider } from '../services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../services/sandbox/sandbox-pipeline.js';
import type { PipelineTarget } from './config.js';

/** The pipeline the process talks to, and the embedded sandbox serving it when there is no PIPELINE_URL. */
export interface PipelineConnection {
  pipeline: PipelineProvider;
  sandbox: SandboxPipeline | null;
  close(): Promise<void>;
}

/**
 * The configured pipeline over HTTP, or a sandbox pipeline keeping its state under `dataDir` (so the bot and the CLI
 * see the same sandbox data), reached over loopback HTTP through the same provider. The sandbox listens on the
 * configured SANDBOX_PORT unless `sandboxPort` says otherwise: the CLI passes 0 (a free port) so as not to take the
 * port of a bot that may be running.
 */
export async function connectPipeline(
  target: PipelineTarget,
  options: { dataDir: string; sandboxPort?: number; logger?: Logger },
): Promise<PipelineConnection> {
  // The provider logs its calls only when given a logger (the CLI gives none).
  const logging = options.logger ? { logger: options.logger } : {};
  if (target.kind === 'http') {
    const pipeline = createHttpPipelineProvider({
      baseUrl: target.baseUrl,
      apiKey: target.apiKey,
      ...(target.accountName ? { accountName: target.accountName } : {}),
      timeoutMs: target.timeoutMs,
      retries: target.retries,
      ...logging,
    });
    return { pipeline, sandbox: null, close: async () => {} };
  }
  const sandbox = await startSandboxPipeline({
    port: options.sandboxPort ?? target.port,
    // A fresh key per start: nothing outside this process needs to call the sandbox's API.
    apiKey: randomBytes(12).toString('hex'),
    stateFile: join(options.dataDir, 'sandbox-pipeline.json'),
  });
  options.logger?.info({ url: sandbox.url }, 'No PIPELINE_URL: using the embedded sandbox pipeline');
  const pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, ...logging });
  return { pipeline, sandbox, close: () => sandbox.close() };
}
