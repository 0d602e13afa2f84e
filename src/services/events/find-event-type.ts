import { distance } from 'fastest-levenshtein';
import type { EventTypeSummary } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';

const SHOWN = 5;

/**
 * An event type by its exact name, or by a case-insensitive match when that is unambiguous; otherwise a UserError
 * naming it and the closest names (managealooma's regex matching could act on a name the user did not type).
 */
export function pickEventType<T extends Pick<EventTypeSummary, 'name'>>(eventTypes: readonly T[], name: string): T {
  const exact = eventTypes.find((eventType) => eventType.name === name);
  if (exact) return exact;
  const folded = eventTypes.filter((eventType) => eventType.name.toLowerCase() === name.toLowerCase());
  if (folded.length === 1 && folded[0]) return folded[0];
  throw new UserError('event_type_not_found', `No event type named \`${name}\`.${closeNames(eventTypes, name)}`);
}

function closeNames(eventTypes: readonly Pick<EventTypeSummary, 'name'>[], name: string): string {
  if (eventTypes.length === 0) return ' There are no event types.';
  const wanted = name.toLowerCase();
  const close = eventTypes
    .map(({ name: candidate }) => ({
      candidate,
      d: candidate.toLowerCase().includes(wanted) ? 0 : distance(candidate.toLowerCase(), wanted),
    }))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, SHOWN)
    .map(({ candidate }) => candidate);
  return ` Closest: ${close.join(', ')}${eventTypes.length > SHOWN ? ` (${eventTypes.length} in all)` : ''}.`;
}
