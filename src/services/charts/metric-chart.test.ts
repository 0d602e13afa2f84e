import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../pipeline/metrics.js';
import { compactNumber, renderMetricChart } from './metric-chart.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const T0 = 1_766_000_000;

/** Width and height from the PNG's IHDR chunk (bytes 16-23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const minutes = (values: (number | null)[]): MetricPoint[] => values.map((value, i) => [value, T0 + i * 60]);

describe('metric chart renderer (ECharts SSR SVG → resvg PNG)', () => {
  it('renders a PNG whose header carries the reported dimensions, one panel per metric', async () => {
    const one = await renderMetricChart('Metrics, last 60 minutes', [
      { metric: 'ERROR_EVENTS', unit: 'events', points: minutes([3, 0, 5, 2, 8]) },
    ]);
    const two = await renderMetricChart('Metrics, last 60 minutes', [
      { metric: 'ERROR_EVENTS', unit: 'events', points: minutes([3, 0, 5, 2, 8]) },
      { metric: 'LATENCY_MAX', unit: 'ms', points: minutes([120, 130, 90, 400, 150]) },
    ]);
    for (const chart of [one, two]) {
      expect([...chart.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
      expect(chart.width).toBe(900);
      expect(chart.png.length).toBeGreaterThan(2_000);
    }
    expect(two.height).toBeGreaterThan(one.height);
  });

  it('draws the line: a chart with data differs from one whose series is all gaps', async () => {
    const drawn = await renderMetricChart('t', [{ metric: 'M', unit: 'events', points: minutes([1, 5, 2, 9, 4]) }]);
    const empty = await renderMetricChart('t', [{ metric: 'M', unit: 'events', points: minutes([null, null]) }]);
    expect(Buffer.from(drawn.png).equals(Buffer.from(empty.png))).toBe(false);
  });

  it.each([
    ['nulls in the middle', minutes([1, null, null, 4, null, 6])],
    ['only nulls', minutes([null, null, null])],
    ['one point', minutes([42])],
    ['no points', []],
    ['huge values', minutes([1e15, 3e15, Number.MAX_SAFE_INTEGER, 2e15])],
    ['negative and fractional values', minutes([-0.001, 0.5, -2.25])],
  ])('does not crash on %s', async (_label, points) => {
    const chart = await renderMetricChart('edge', [{ metric: 'EVENTS_IN_PIPELINE', unit: 'events', points }]);
    expect([...chart.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(chart.png.length).toBeGreaterThan(500);
  });

  it('renders an image even with no series at all', async () => {
    const chart = await renderMetricChart('nothing', []);
    expect([...chart.png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('keeps axis numbers short', () => {
    expect([compactNumber(950), compactNumber(1_250), compactNumber(3_400_000), compactNumber(2e15)]).toEqual([
      '950',
      '1.25k',
      '3.4M',
      '2000T',
    ]);
  });
});
