import { didYouMean, didYouMeanSentence } from '../close-names.js';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { Input } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';

/**
 * Finds an input by its exact name, or by a case-insensitive match when that is unambiguous.
 * (managealooma matched names as anchored regexes, so `orders` also hit `orders_archive`; a change
 * tool must never act on a resource the user did not name.)
 */
export async function findInputByName(pipeline: PipelineProvider, name: string): Promise<Input> {
  const inputs = await pipeline.listInputs();
  const exact = inputs.find((input) => input.name === name);
  if (exact) return exact;
  const folded = inputs.filter((input) => input.name.toLowerCase() === name.toLowerCase());
  if (folded.length === 1 && folded[0]) return folded[0];
  const known = inputs.map((input) => input.name).sort();
  const shown = known.slice(0, 15).join(', ');
  const more = known.length > 15 ? `, … (${known.length} in all)` : '';
  const guess = didYouMeanSentence(didYouMean(known, name));
  throw new UserError('input_not_found', `No input named \`${name}\`.${guess} Inputs: ${shown || '(none)'}${more}.`);
}
