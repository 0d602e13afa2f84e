import type { MetricAlertDetails, MetricUnit } from '../../services/alerts/alert-record.js';
import { formatMetricNumber as number } from '../blocks/metric-number.js';

/** A metric value in its unit: `1,234 events`, `12.4 s`, `3.2 MB`, `1.0e308 events/min`. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  // Not scaled (∞ ms is not ∞ min): `overflow ms`; NaN has no unit.
  if (Number.isNaN(value)) return number(value);
  if (!Number.isFinite(value)) return `${number(value)} ${unit === 'bytes' ? 'B' : unit}`;
  switch (unit) {
    case 'events':
      return `${number(value)} events`;
    case 'events/min':
      return `${number(value)} events/min`;
    case 'ms':
      if (Math.abs(value) < 1000) return `${number(value, 0)} ms`;
      if (Math.abs(value) < 60_000) return `${number(value / 1000)} s`;
      return `${number(value / 60_000)} min`;
    case 'bytes': {
      const units = ['B', 'KB', 'MB', 'GB', 'TB'];
      let scaled = value;
      let index = 0;
      while (Math.abs(scaled) >= 1024 && index < units.length - 1) {
        scaled /= 1024;
        index++;
      }
      return `${number(scaled)} ${units[index]}`;
    }
  }
}

/** The `+` of a rise; an infinite or NaN value is worded (`overflow`), not signed. */
const plus = (value: number) => (value >= 0 && Number.isFinite(value) ? '+' : '');

/** What an alert compared: `500 events`, `+250%`, `-6,000 events`, or why there is no number. */
export function formatAlertValue(details: MetricAlertDetails): string {
  const { value } = details;
  switch (details.valueKind) {
    case 'level':
      return value === null ? 'no data' : formatMetricValue(value, details.unit);
    case 'percent_change':
      return value === null ? 'rose from 0' : `${plus(value)}${number(value)}%`;
    case 'absolute_change':
      return value === null ? 'no data' : `${plus(value)}${formatMetricValue(value, details.unit)}`;
  }
}
