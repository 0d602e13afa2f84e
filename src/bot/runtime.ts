import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../services/db/database.js';
import { openDatabase } from '../services/db/open-database.js';
import { createHttpPipelineProvider } from '../services/pipeline/http-provider.js';
import type { PipelineProvider } from '../services/pipeline/provider.js';
import { type SandboxPipeline, startSandboxPipeline } from '../services/sandbox/sandbox-pipeline.js';
import type { Config } from './config.js';
import { instrumentDatabase } from './observability/instrumented-database.js';
import { instrumentPipeline } from './observability/instrumented-pipeline.js';
import type { PipeopsMetrics } from './observability/metrics.js';

/** The process's long-lived resources: the database and the pipeline (with the sandbox when it is local). */
export interface Runtime {
  db: Database;
  pipeline: PipelineProvider;
  sandbox: SandboxPipeline | null;
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL, or PGlite under the data directory's lock) and connects to the pipeline:
 * the configured one over HTTP, or an embedded sandbox pipeline that speaks the same contract.
 */
export async function startRuntime(config: Config, logger: Logger, metrics?: PipeopsMetrics): Promise<Runtime> {
  const dataDir = resolve(config.database.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const opened = await openDatabase({
    ...(config.database.url ? { databaseUrl: config.database.url } : {}),
    dataDir,
    logger: logger.child({ component: 'db' }),
  });
  // With metrics, every statement and every pipeline call is timed (decorators: services never see Prometheus).
  const db = metrics ? instrumentDatabase(opened, metrics) : opened;
  let sandbox: SandboxPipeline | null = null;
  try {
    const target = config.pipeline;
    const log = logger.child({ component: 'pipeline' });
    let pipeline: PipelineProvider;
    if (target.kind === 'http') {
      pipeline = createHttpPipelineProvider({
        baseUrl: target.baseUrl,
        apiKey: target.apiKey,
        ...(target.accountName ? { accountName: target.accountName } : {}),
        timeoutMs: target.timeoutMs,
        retries: target.retries,
        logger: log,
      });
    } else {
      sandbox = await startSandboxPipeline({
        port: target.port,
        apiKey: randomBytes(12).toString('hex'),
        stateFile: join(dataDir, 'sandbox-pipeline.json'),
      });
      logger.info({ url: sandbox.url }, 'No PIPELINE_URL: using the embedded sandbox pipeline');
      pipeline = createHttpPipelineProvider({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, logger: log });
    }
    const started = sandbox;
    return {
      db,
      pipeline: metrics ? instrumentPipeline(pipeline, metrics) : pipeline,
      sandbox: started,
      async close() {
        await started?.close();
        await db.close();
      },
    };
  } catch (error) {
    await sandbox?.close();
    await db.close();
    throw error;
  }
}
