import type { Database } from '../../services/db/database.js';
import { defaultMigrationsDirFor, readMigrations } from '../../services/db/migrate.js';
import type { PipelineProvider } from '../../services/pipeline/provider.js';
import { scrubCredentials } from '../logger.js';

export interface ReadinessCheck {
  ok: boolean;
  /** What was found, in words (an error's message is cut short and carries no credentials: see below). */
  detail: string;
  ms: number;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

export interface ReadinessOptions {
  db: Database;
  /** Asked `listInputs()`: the least a working pipeline answers. */
  pipeline: Pick<PipelineProvider, 'listInputs'>;
  /** Socket Mode: whether the socket to Slack is connected now. Absent in HTTP mode and the console. */
  slackConnected?: () => boolean;
  /** Each check's bound; a check slower than this fails. */
  timeoutMs: number;
}

/**
 * GET /readyz: the database answers and carries every shipped migration, the pipeline answers within the
 * timeout, and in Socket Mode the socket to Slack is up. Each check runs every time (probes are seconds apart).
 */
export function createReadinessCheck(options: ReadinessOptions): () => Promise<Readiness> {
  let latestShipped: Promise<number> | null = null;
  const shippedVersion = () => {
    latestShipped ??= readMigrations(defaultMigrationsDirFor(options.db)).then((files) =>
      files.reduce((max, file) => Math.max(max, file.version), 0),
    );
    return latestShipped;
  };

  const database = async (): Promise<string> => {
    const [result, shipped] = await Promise.all([
      options.db.query<{ version: number | string | null }>('SELECT MAX(version) AS version FROM schema_migrations'),
      shippedVersion(),
    ]);
    const applied = Number(result.rows[0]?.version ?? 0);
    if (applied < shipped) throw new Error(`schema at migration ${applied}, this version needs ${shipped}`);
    return `reachable, migrated (${applied})`;
  };

  const pipeline = async (): Promise<string> => {
    const inputs = await options.pipeline.listInputs();
    return `reachable (${inputs.length} inputs)`;
  };

  return async () => {
    const checks: Record<string, ReadinessCheck> = {};
    const runs: Promise<void>[] = [
      timed('database', database, options.timeoutMs, checks),
      timed('pipeline', pipeline, options.timeoutMs, checks),
    ];
    const slackConnected = options.slackConnected;
    if (slackConnected) {
      runs.push(
        timed(
          'slack',
          async () => {
            if (!slackConnected()) throw new Error('Socket Mode connection is down');
            return 'Socket Mode connected';
          },
          options.timeoutMs,
          checks,
        ),
      );
    }
    await Promise.all(runs);
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  };
}

async function timed(
  name: string,
  check: () => Promise<string>,
  timeoutMs: number,
  into: Record<string, ReadinessCheck>,
): Promise<void> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const detail = await Promise.race([check(), timeout]);
    into[name] = { ok: true, detail, ms: Date.now() - started };
  } catch (error) {
    // Only the first line, short and scrubbed: the answer is for whoever can reach the port.
    const text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const message = scrubCredentials(text).slice(0, 200);
    into[name] = { ok: false, detail: message, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
