import { closest, distance } from 'fastest-levenshtein';
import type { PipelineProvider } from '../pipeline/provider.js';
import type { SampleEntry, SampleStats } from '../pipeline/samples-contract.js';
import { UserError } from '../user-error.js';
import { maskSample } from './mask-sample.js';

/** What `sample list` shows: the samples of one event type, masked, optionally of one status only. */
export interface SampleListing {
  eventType: string;
  status: string | null;
  entries: SampleEntry[];
}

/** What `sample show` shows: the n-th (1-based) of the event type's samples, masked. */
export interface SampleDetail {
  eventType: string;
  index: number;
  total: number;
  entry: SampleEntry;
}

/**
 * managealooma's Samples, read-only: the samples the pipeline keeps per event type (about 10), their status codes,
 * and the stats. Everything returned for showing is masked (credential-looking fields); `raw` is for saving to
 * local files, where a replay must see the event as the pipeline does.
 */
export class SampleCatalog {
  readonly #pipeline: PipelineProvider;

  constructor(pipeline: PipelineProvider) {
    this.#pipeline = pipeline;
  }

  async list(eventType: string, status?: string): Promise<SampleListing> {
    const code = status === undefined ? undefined : await this.#statusCode(status);
    const entries = await this.raw(eventType, code);
    return { eventType, status: code ?? null, entries: entries.map(masked) };
  }

  async show(eventType: string, index: number): Promise<SampleDetail> {
    const entries = await this.raw(eventType);
    const entry = entries[index - 1];
    if (!entry) {
      throw new UserError(
        'no_such_sample',
        `\`${eventType}\` has ${entries.length} sample${entries.length === 1 ? '' : 's'}; there is no sample ${index}.`,
      );
    }
    return { eventType, index, total: entries.length, entry: masked(entry) };
  }

  stats(): Promise<SampleStats> {
    return this.#pipeline.getSampleStats();
  }

  /** Event types that have samples, by name (for saving them all). */
  async eventTypesWithSamples(): Promise<string[]> {
    return Object.keys(await this.#pipeline.getSampleStats()).sort();
  }

  /**
   * The samples unmasked. An empty answer for a name the pipeline does not know is a UserError (the pipeline
   * answers [] for those), so a typo is not mistaken for "no samples".
   */
  async raw(eventType: string, status?: string): Promise<SampleEntry[]> {
    const entries = await this.#pipeline.listSampleEntries({ eventType, ...(status ? { status } : {}) });
    if (entries.length > 0) return entries;
    const names = (await this.#pipeline.listEventTypes()).map((summary) => summary.name);
    if (!names.includes(eventType))
      throw new UserError('event_type_not_found', unknownName('event type', eventType, names));
    return entries;
  }

  /** The status code as the pipeline spells it (case-insensitive match), or a UserError listing the codes. */
  async #statusCode(status: string): Promise<string> {
    const codes = Object.keys(await this.#pipeline.getStatusTypes()).sort();
    const found =
      codes.find((code) => code === status) ?? codes.find((code) => code.toLowerCase() === status.toLowerCase());
    if (found) return found;
    throw new UserError('unknown_status', unknownName('status code', status, codes));
  }
}

function masked(entry: SampleEntry): SampleEntry {
  return { event: maskSample(entry.event), status: entry.status };
}

function unknownName(what: string, name: string, known: readonly string[]): string {
  const near = known.length > 0 ? closest(name, [...known]) : undefined;
  const close = near !== undefined && distance(name.toLowerCase(), near.toLowerCase()) <= Math.max(2, name.length / 3);
  const shown = known.slice(0, 15).join(', ');
  const more = known.length > 15 ? `, … (${known.length} in all)` : '';
  return `No ${what} named \`${name}\`.${close ? ` Did you mean \`${near}\`?` : ''} Known: ${shown || '(none)'}${more}.`;
}
