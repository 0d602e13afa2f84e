import type { PyDict } from '../py/py-dict.js';
import { jsonLoads } from '../py/py-json-parse.js';
import { pyDelItem, pyGetItem, pyItems, pySetItem } from '../py/py-ops.js';

/**
 * managealooma `mark_for_delete(event)`, for rows a database trigger wrote to a "deleted records" table. In place:
 * `_metadata.event_type = table_name`, `mark_for_delete = True`, `created_at` renamed `hard_deleted_at`, every
 * column of `json.loads(old_row_json)` written over the event, `_metadata.table = table_name`, then
 * `old_row_json`, `primary_key`, `table_name` deleted (each step raising as Python does, after the earlier ones).
 */
export function markForDelete(event: PyDict): PyDict {
  const tableName = pyGetItem(event, 'table_name');
  pySetItem(pyGetItem(event, '_metadata'), 'event_type', tableName);
  event.set('mark_for_delete', true);
  const createdAt = event.get('created_at');
  if (createdAt !== undefined) {
    event.set('hard_deleted_at', createdAt);
    event.delete('created_at');
  }
  for (const [key, value] of pyItems(jsonLoads(pyGetItem(event, 'old_row_json')))) event.set(key, value);
  const finalTableName = pyGetItem(event, 'table_name');
  pySetItem(pyGetItem(event, '_metadata'), 'table', finalTableName);
  pyDelItem(event, 'old_row_json');
  pyDelItem(event, 'primary_key');
  pyDelItem(event, 'table_name');
  return event;
}
