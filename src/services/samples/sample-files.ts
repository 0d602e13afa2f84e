import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonDumps } from '../../transforms/index.js';
import { UserError } from '../user-error.js';
import type { SampleCatalog } from './sample-catalog.js';

/**
 * Samples saved as files, as managealooma's `save_alooma_samples_to_files` does (MA samples.py:27-38): one file per
 * event type named `event_<name, . → _, lower case>.json`, here as JSON lines (one event per line, Python's
 * json.dumps) so that `pipeops transform run --steps s.json < event_x.json` replays them. Characters a file name
 * cannot safely hold (`/`, spaces, ...) also become `_`. Events are saved as the pipeline has them, unmasked: a
 * replay must see what the transform will see.
 */

export function sampleFileName(eventType: string): string {
  return `event_${eventType.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}.json`;
}

export interface SavedSampleFile {
  eventType: string;
  path: string;
  samples: number;
}

/** Writes each event type's samples to `dir` (created if needed); files are replaced whole (temporary + rename). */
export async function saveSamplesToFiles(
  catalog: SampleCatalog,
  eventTypes: readonly string[],
  dir: string,
): Promise<SavedSampleFile[]> {
  const byFile = new Map<string, string>();
  for (const eventType of eventTypes) {
    const file = sampleFileName(eventType);
    const other = byFile.get(file);
    if (other !== undefined && other !== eventType) {
      throw new UserError(
        'sample_file_clash',
        `Event types '${other}' and '${eventType}' would both be saved as ${file}; save them one at a time into different directories`,
      );
    }
    byFile.set(file, eventType);
  }
  await mkdir(dir, { recursive: true });
  const saved: SavedSampleFile[] = [];
  for (const [file, eventType] of byFile) {
    const entries = await catalog.raw(eventType);
    const path = join(dir, file);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, entries.map((entry) => `${jsonDumps(entry.event)}\n`).join(''));
    await rename(temporary, path);
    saved.push({ eventType, path, samples: entries.length });
  }
  return saved;
}
