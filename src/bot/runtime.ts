import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../services/db/database.js';
import { openDatabase } from '../services/db/open-database.js';
import type { PipelineProvider } from '../services/pipeline/provider.js';
import type { SandboxPipeline } from '../services/sandbox/sandbox-pipeline.js';
import type { Config } from './config.js';
import { instrumentDatabase } from './observability/instrumented-database.js';
import { instrumentPipeline } from './observability/instrumented-pipeline.js';
import type { PipeopsMetrics } from './observability/metrics.js';
import { connectPipeline } from './pipeline-connection.js';

/** The process's long-lived resources: the database and the pipeline (with the sandbox when it is local). */
export interface Runtime {
  db: Database;
  pipeline: PipelineProvider;
  sandbox: SandboxPipeline | null;
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL, or SQLite under the data directory's lock) and connects to the pipeline:
 * the configured one over HTTP, or an embedded sandbox pipeline that speaks the same contract.
 */
export async function startRuntime(config: Config, logger: Logger, metrics?: PipeopsMetrics): Promise<Runtime> {
  const dataDir = resolve(config.database.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const opened = await openDatabase({
    ...(config.database.url ? { databaseUrl: config.database.url } : {}),
    dataDir,
    checkTransactionUse: config.database.checkTransactionUse,
    logger: logger.child({ component: 'db' }),
  });
  // With metrics, every statement and every pipeline call is timed (decorators: services never see Prometheus).
  const db = metrics ? instrumentDatabase(opened, metrics) : opened;
  try {
    const { pipeline, sandbox, close } = await connectPipeline(config.pipeline, {
      dataDir,
      logger: logger.child({ component: 'pipeline' }),
    });
    return {
      db,
      pipeline: metrics ? instrumentPipeline(pipeline, metrics) : pipeline,
      sandbox,
      async close() {
        await close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
