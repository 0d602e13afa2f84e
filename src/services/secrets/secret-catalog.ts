import type { PipelineProvider } from '../pipeline/provider.js';

/** Read-only questions about secrets: their names (the pipeline never returns values). Changes are change kinds. */
export class SecretCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  names(): Promise<string[]> {
    return this.#pipeline.listSecrets();
  }
}
