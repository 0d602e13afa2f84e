import type { Queryable } from '../../services/db/database.js';
import type { FiringAlertsSource } from './metrics.js';

/** The alerts firing now, counted by source and severity (served by the alerts_source_phase index). */
export function firingAlertsFrom(db: Queryable): FiringAlertsSource {
  return async () => {
    const result = await db.query<{ source: string; severity: string; count: number | string }>(
      'SELECT source, severity, COUNT(*) AS count FROM alerts WHERE phase = $1 GROUP BY source, severity',
      ['firing'],
    );
    return result.rows.map((row) => ({ source: row.source, severity: row.severity, count: Number(row.count) }));
  };
}
