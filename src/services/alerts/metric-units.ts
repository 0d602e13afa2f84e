import type { MetricUnit } from './alert-record.js';

/** The unit of each documented metric (alooma-api.md §7; rates read as per minute, latencies in ms). */
export function metricUnit(metric: string): MetricUnit {
  if (metric.startsWith('LATENCY_')) return 'ms';
  if (metric.startsWith('EVENT_SIZE_')) return 'bytes';
  if (metric.endsWith('_RATE')) return 'events/min';
  return 'events';
}
