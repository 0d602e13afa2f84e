import type { MetricAlertDetails, MetricUnit } from '../../services/alerts/alert-record.js';

const number = (value: number, digits = 1) => value.toLocaleString('en-US', { maximumFractionDigits: digits });

/** A metric value in its unit: `1,234 events`, `12.4 s`, `3.2 MB`. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
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

/** What an alert compared: `500 events`, `+250%`, `-6,000 events`, or why there is no number. */
export function formatAlertValue(details: MetricAlertDetails): string {
  const { value } = details;
  switch (details.valueKind) {
    case 'level':
      return value === null ? 'no data' : formatMetricValue(value, details.unit);
    case 'percent_change':
      return value === null ? 'rose from 0' : `${value >= 0 ? '+' : ''}${number(value)}%`;
    case 'absolute_change':
      return value === null ? 'no data' : `${value >= 0 ? '+' : ''}${formatMetricValue(value, details.unit)}`;
  }
}
