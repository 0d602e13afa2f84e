import type { PyDict } from '../py/py-dict.js';
import { pyContains, pyGetItem, pyLower, pySetItem, pyTruthy, pyUpper } from '../py/py-ops.js';
import type { PyValue } from '../py/py-value.js';

function convertOne(event: PyValue, upper: boolean): void {
  const metadata = pyGetItem(event, '_metadata');
  if (!pyContains(metadata, 'event_type')) return;
  const eventType = pyGetItem(pyGetItem(event, '_metadata'), 'event_type');
  const converted = upper ? pyUpper(eventType) : pyLower(eventType);
  pySetItem(pyGetItem(event, '_metadata'), 'event_type', converted);
}

/**
 * managealooma `convert_event_type_case(event, case_force_upper=False)`. In place: upper-cases (truthy flag) or
 * lower-cases `_metadata.event_type` with Python's full Unicode mappings (`ß` → `SS`); a list of events is
 * handled element by element. Missing `event_type` is skipped; missing `_metadata` raises KeyError.
 */
export function convertEventTypeCase<T extends PyDict | PyValue[]>(event: T, caseForceUpper: PyValue = false): T {
  const upper = pyTruthy(caseForceUpper);
  if (Array.isArray(event)) for (const element of event) convertOne(element, upper);
  else convertOne(event, upper);
  return event;
}
