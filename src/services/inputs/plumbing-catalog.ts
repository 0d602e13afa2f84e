import type { PlumbingNode } from '../pipeline/plumbing-schemas.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { Input } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';
import { findInputByName } from './find-input.js';
import { type InputTable, listInputTables } from './input-tables.js';
import { type NewInputOptions, type NewInputParams, planNewInput } from './new-input-plan.js';

/** The pipeline as a flow: what feeds the transformer, and where it loads. Deleted nodes are left out. */
export interface PipelineStructure {
  inputs: PlumbingNode[];
  /** Code Engine; null when the structure has none. */
  transformer: PlumbingNode | null;
  restream: PlumbingNode | null;
  outputs: PlumbingNode[];
  /** Nodes of any other category, shown as they are. */
  others: PlumbingNode[];
}

/** Read-only questions about the plumbing: the structure, inputs by type, an input's tables. */
export class PlumbingCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  async structure(): Promise<PipelineStructure> {
    const nodes = (await this.#pipeline.getStructure()).nodes.filter((node) => !node.deleted);
    const byName = (a: PlumbingNode, b: PlumbingNode) => a.name.localeCompare(b.name);
    const restream = nodes.find((node) => node.type === 'RESTREAM') ?? null;
    const transformer = nodes.find((node) => node.type === 'TRANSFORMER') ?? null;
    const rest = nodes.filter((node) => node !== restream && node !== transformer);
    return {
      inputs: rest.filter((node) => node.category === 'INPUT').sort(byName),
      transformer,
      restream,
      outputs: rest.filter((node) => node.category === 'OUTPUT').sort(byName),
      others: rest.filter((node) => node.category !== 'INPUT' && node.category !== 'OUTPUT').sort(byName),
    };
  }

  /** The inputs of one type (case-insensitive); a UserError listing the types there are when none has it. */
  async inputsOfType(type: string): Promise<Input[]> {
    const inputs = [...(await this.#pipeline.listInputs())].sort((a, b) => a.name.localeCompare(b.name));
    const matching = inputs.filter((input) => input.type.toLowerCase() === type.toLowerCase());
    if (matching.length > 0) return matching;
    const types = [...new Set(inputs.map((input) => input.type))].sort();
    throw new UserError('no_inputs_of_type', `No input has type \`${type}\`. Types: ${types.join(', ') || '(none)'}.`);
  }

  /** The `input.create` params for a new input copied from an existing one (reads only). */
  planNewInput(options: NewInputOptions): Promise<NewInputParams> {
    return planNewInput(this.#pipeline, options);
  }

  async tables(inputName: string): Promise<{ input: Input; tables: InputTable[] }> {
    const input = await findInputByName(this.#pipeline, inputName);
    return { input, tables: listInputTables(input) };
  }
}
