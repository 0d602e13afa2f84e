import { closeNamesSentence } from '../close-names.js';
import type { EventTypeSummary } from '../pipeline/schemas.js';
import { UserError } from '../user-error.js';

/**
 * An event type by its exact name, or by a case-insensitive match when that is unambiguous; otherwise a UserError
 * naming it and the closest names (managealooma's regex matching could act on a name the user did not type).
 */
export function pickEventType<T extends Pick<EventTypeSummary, 'name'>>(eventTypes: readonly T[], name: string): T {
  const exact = eventTypes.find((eventType) => eventType.name === name);
  if (exact) return exact;
  const folded = eventTypes.filter((eventType) => eventType.name.toLowerCase() === name.toLowerCase());
  if (folded.length === 1 && folded[0]) return folded[0];
  throw unknownEventType(eventTypes, name);
}

/** The UserError for a name that matched no event type, listing the closest names. */
export function unknownEventType(eventTypes: readonly Pick<EventTypeSummary, 'name'>[], name: string): UserError {
  const names = eventTypes.map((eventType) => eventType.name);
  return new UserError(
    'event_type_not_found',
    `No event type named \`${name}\`.${closeNamesSentence(names, name, 'event types')}`,
  );
}
