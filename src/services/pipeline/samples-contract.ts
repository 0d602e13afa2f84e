import { z } from 'zod';
import { jsonDumps, PyDict, type PyValue } from '../../transforms/index.js';
import { BodyShapeError } from './transform-contract.js';

/**
 * Samples with their status codes (alooma-api.md §6). `GET samples?eventType=<name>[&status=<code>]` answers
 * `[{"sample": {...}, "status": "<code>"}, ...]`. Where the status sits is unverified upstream: MA's fixture has it
 * inside the sample (`"status": "VALID"`), so an item without its own `status` takes the sample's; none = null.
 * `GET samples/stats` answers `{event_type: {status_code: count}}`.
 */

/** One sample the pipeline kept: the event as it arrived, and the status code it got (e.g. `VALID`). */
export interface SampleEntry {
  event: PyDict;
  status: string | null;
}

export interface SampleQuery {
  eventType: string;
  /** Only samples with this status code (`status=` on the call). */
  status?: string;
}

export const SampleStatsSchema = z.record(z.string(), z.record(z.string(), z.number().int().nonnegative()));
/** Event type → status code → count. */
export type SampleStats = z.infer<typeof SampleStatsSchema>;

/** Reads a `GET samples` answer with each item's status. */
export function readSampleEntries(value: PyValue): SampleEntry[] {
  if (!Array.isArray(value)) throw new BodyShapeError('(top level)', 'expected a list');
  return value.map((item, index) => {
    if (!(item instanceof PyDict)) throw new BodyShapeError(`[${index}]`, 'expected an object');
    const event = item.get('sample');
    if (!(event instanceof PyDict)) throw new BodyShapeError(`[${index}].sample`, 'expected an object');
    const status = item.get('status') ?? event.get('status') ?? null;
    if (status !== null && typeof status !== 'string') {
      throw new BodyShapeError(`[${index}].status`, 'expected a string or null');
    }
    return { event, status };
  });
}

/** The `GET samples` answer for these entries (Python's json rules, so events keep key order and `1.0`). */
export function encodeSampleEntries(entries: readonly SampleEntry[]): string {
  return jsonDumps(
    entries.map((entry) =>
      PyDict.fromEntries([
        ['sample', entry.event],
        ['status', entry.status],
      ]),
    ),
  );
}
