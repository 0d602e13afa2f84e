import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createHttpPipelineProvider,
  type HttpPipelineProviderOptions,
} from '../../src/services/pipeline/http-provider.js';
import type { PipelineProvider } from '../../src/services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../../src/services/sandbox/sandbox-pipeline.js';

/** What `useSandboxPipeline` gives a suite; the accessors answer from its beforeAll on. */
export interface SandboxUnderTest {
  /** The running sandbox pipeline. */
  sandbox(): SandboxPipeline;
  /** The real HTTP provider on it: the sandbox's API key and account, no retries. */
  pipeline(): PipelineProvider;
  /** A request to the sandbox with the API key and a JSON content type; the status and the body as text. */
  raw(method: string, path: string, body?: string): Promise<{ status: number; text: string }>;
}

/**
 * For beforeAll/afterAll scope: a sandbox pipeline (in memory) started once, reset to its seed before each test and
 * closed after all, with the HTTP provider on it (`provider` adds to or overrides the provider's options).
 */
export function useSandboxPipeline(options: {
  apiKey: string;
  accountName?: string;
  provider?: Partial<HttpPipelineProviderOptions>;
}): SandboxUnderTest {
  const { apiKey, accountName } = options;
  const account = accountName === undefined ? {} : { accountName };
  let started: { sandbox: SandboxPipeline; pipeline: PipelineProvider } | undefined;
  const current = () => {
    if (!started) throw new Error('useSandboxPipeline: the sandbox starts in beforeAll');
    return started;
  };

  beforeAll(async () => {
    const sandbox = await startSandboxPipeline({ apiKey, ...account });
    const pipeline = createHttpPipelineProvider({
      baseUrl: sandbox.url,
      apiKey,
      ...account,
      retries: 0,
      ...options.provider,
    });
    started = { sandbox, pipeline };
  });
  beforeEach(() => {
    current().sandbox.reset();
  });
  afterAll(async () => {
    await started?.sandbox.close();
  });

  return {
    sandbox: () => current().sandbox,
    pipeline: () => current().pipeline,
    async raw(method, path, body) {
      const response = await fetch(`${current().sandbox.url}${path}`, {
        method,
        headers: { authorization: `API ${apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      });
      return { status: response.status, text: await response.text() };
    },
  };
}
