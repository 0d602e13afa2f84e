import { resolve } from 'node:path';
import { PipelineError } from '../services/pipeline/pipeline-error.js';
import { SampleCatalog } from '../services/samples/sample-catalog.js';
import { saveSamplesToFiles } from '../services/samples/sample-files.js';
import { UserError } from '../services/user-error.js';
import { loadConfig } from './config.js';
import { connectPipeline } from './pipeline-connection.js';

export interface SamplesSaveOptions {
  /** One event type, or null with `all`. */
  eventType: string | null;
  all: boolean;
  dir: string;
}

/** Where the CLI writes its report lines and errors. */
interface Out {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `pipeops samples save <event type|--all> [--dir d]`: managealooma's save_alooma_samples_to_files. The pipeline is
 * the one the bot would use (PIPELINE_URL, PIPELINE_API_KEY, PIPELINE_ACCOUNT), or without PIPELINE_URL the embedded
 * sandbox with the bot's state file under PIPEOPS_DATA_DIR. Exit status 0 when saved, 1 when the pipeline or the
 * event type is the problem; configuration errors are thrown (ConfigError) for the caller to report.
 */
export async function runSamplesSave(
  options: SamplesSaveOptions,
  env: Record<string, string | undefined>,
  out: Out,
): Promise<number> {
  const config = loadConfig(env);
  const { pipeline, close } = await connectPipeline(config.pipeline, {
    dataDir: resolve(config.database.dataDir),
    sandboxPort: 0,
  });
  try {
    const catalog = new SampleCatalog(pipeline);
    const eventTypes = options.all ? await catalog.eventTypesWithSamples() : [options.eventType ?? ''];
    const saved = await saveSamplesToFiles(catalog, eventTypes, options.dir);
    for (const file of saved) {
      out.stdout.write(`${file.path}\t${file.samples} sample${file.samples === 1 ? '' : 's'}\t${file.eventType}\n`);
    }
    if (saved.length === 0) out.stdout.write('No event type has samples; nothing saved.\n');
    return 0;
  } catch (error) {
    if (error instanceof UserError || error instanceof PipelineError) {
      out.stderr.write(`pipeops: ${error.message.replace(/`/g, "'")}\n`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}
