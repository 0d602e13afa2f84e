import type { PipelineProvider } from '../pipeline/provider.js';
import type { Input } from '../pipeline/schemas.js';
import { findInputByName } from './find-input.js';

/** Read-only questions about inputs, for listing and viewing. */
export class InputCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  async list(): Promise<Input[]> {
    return [...(await this.#pipeline.listInputs())].sort((a, b) => a.name.localeCompare(b.name));
  }

  find(name: string): Promise<Input> {
    return findInputByName(this.#pipeline, name);
  }
}
