import type { ChangePreview } from '../changes/change-kind.js';
import { mappingDdlPreview } from '../ddl/ddl-preview.js';
import type { Mapping } from '../pipeline/schemas.js';
import { describeMappingChanges } from './mapping-field-changes.js';

/**
 * The card's evidence for a mapping change: the fields (and table settings) it affects, in words, then the column
 * DDL the warehouse needs, checked on the bot's database (ddl-preview.ts).
 */
export async function mappingChangePreview(before: Mapping, after: Mapping): Promise<ChangePreview> {
  const affected = describeMappingChanges(before, after);
  const ddl = await mappingDdlPreview(before, after);
  const fieldCount = affected.filter((line) => /^[+~-] /.test(line)).length;
  const count = fieldCount === 0 ? 'No field changes' : `${fieldCount} field${fieldCount === 1 ? '' : 's'} affected`;
  return {
    title: 'Mapping change',
    summary: `${count}. ${ddl.summary}`,
    items: [{ label: 'Fields affected', lines: affected.length > 0 ? affected : ['(none)'] }, ...ddl.items],
  };
}
