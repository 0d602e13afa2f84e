import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type SandboxData, SandboxDataSchema } from './sandbox-data.js';

/** Where the sandbox keeps its state between runs. */
export interface SandboxStateStore {
  /** The stored state, or undefined when there is none yet. Throws when what is stored is unusable. */
  load(): SandboxData | undefined;
  save(data: SandboxData): void;
}

/** No persistence: every start begins from the seed. For tests. */
export function createMemoryStateStore(): SandboxStateStore {
  return { load: () => undefined, save: () => undefined };
}

/**
 * A JSON file. Writes are atomic (temporary file in the same directory, then rename), so a crash
 * mid-write leaves the previous state, never half a file. Writes are synchronous: the file is a few
 * KB, and a change is only acknowledged to the client once it is on disk.
 */
export function createFileStateStore(filePath: string): SandboxStateStore {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new Error(
          `Sandbox state file ${filePath} is not valid JSON (${(error as Error).message}); fix or delete it to start from the seed`,
        );
      }
      const result = SandboxDataSchema.safeParse(json);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new Error(
          `Sandbox state file ${filePath} does not hold sandbox state (at ${issue?.path.join('.') || 'top level'}: ${issue?.message}); fix or delete it to start from the seed`,
        );
      }
      return result.data;
    },

    save(data) {
      mkdirSync(dirname(filePath), { recursive: true });
      const temporary = `${filePath}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
      try {
        writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
        renameSync(temporary, filePath);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    },
  };
}
