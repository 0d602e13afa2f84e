import { PyDict } from '../../transforms/index.js';
import type { SampleEntry, SampleStats } from '../pipeline/samples-contract.js';
import type { SandboxData } from './sandbox-data.js';
import { badRequest } from './sandbox-http-error.js';
import { SANDBOX_STATUS_TYPES } from './sandbox-metrics.js';
import { readSamples } from './sandbox-transforms.js';

/** Sample statuses and stats (pipeline/samples-contract.ts); the events themselves are sandbox-transforms.ts'. */

const DEFAULT_STATUS = 'VALID';

function uuidOf(event: PyDict): string | undefined {
  const metadata = event.get('_metadata');
  const uuid = metadata instanceof PyDict ? metadata.get('@uuid') : undefined;
  return typeof uuid === 'string' && uuid !== '' ? uuid : undefined;
}

function statusOf(data: Readonly<SandboxData>, event: PyDict): string {
  const uuid = uuidOf(event);
  return (uuid === undefined ? undefined : data.sampleStatuses[uuid]) ?? DEFAULT_STATUS;
}

/** `GET samples[?eventType=<name>][&status=<code>...]`: samples with their status, filtered by any `status=` given. */
export function readSampleEntries(
  data: Readonly<SandboxData>,
  eventType: string | null,
  statuses: readonly string[],
): (SampleEntry & { status: string })[] {
  const entries = readSamples(data, eventType).map((event) => ({ event, status: statusOf(data, event) }));
  return statuses.length === 0 ? entries : entries.filter((entry) => statuses.includes(entry.status));
}

/** `GET samples/stats`: per event type with samples, how many have each status. */
export function sampleStats(data: Readonly<SandboxData>): SampleStats {
  const stats: SampleStats = {};
  for (const eventType of Object.keys(data.transforms.samples).sort()) {
    const counts: Record<string, number> = {};
    for (const { status } of readSampleEntries(data, eventType, [])) counts[status] = (counts[status] ?? 0) + 1;
    stats[eventType] = counts;
  }
  return stats;
}

/** Out-of-band: the status of the sample with this `_metadata.@uuid` (`VALID` clears it). */
export function setSampleStatus(data: SandboxData, uuid: string, status: unknown): void {
  if (typeof status !== 'string' || !(status in SANDBOX_STATUS_TYPES)) {
    throw badRequest(`status must be one of ${Object.keys(SANDBOX_STATUS_TYPES).join(', ')}`);
  }
  if (status === DEFAULT_STATUS) delete data.sampleStatuses[uuid];
  else data.sampleStatuses[uuid] = status;
}
