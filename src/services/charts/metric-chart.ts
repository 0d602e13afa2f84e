import * as echarts from 'echarts';
import type { MetricPoint } from '../pipeline/metrics.js';
import { CHART_FONT_FAMILY, svgToPng } from './svg-to-png.js';

/** One metric to draw: its name, its unit for the axis, its points (value or null, epoch seconds), oldest first. */
export interface ChartSeries {
  metric: string;
  unit: string;
  points: readonly MetricPoint[];
}

export interface MetricChart {
  png: Uint8Array;
  width: number;
  height: number;
}

const WIDTH = 900;
const PANEL_HEIGHT = 150;
const TITLE_HEIGHT = 40;
const PANEL_GAP = 30;
const COLORS = ['#2f6fdf', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#1098ad', '#e67700', '#495057'];

/**
 * Renders one PNG with a small line chart per metric, stacked (metrics have different units and scales, so each
 * gets its own y axis). Pure given its input: ECharts' server-side SVG renderer, then resvg (wasm) to PNG with the
 * bundled DejaVu font. Gaps (null values) stay gaps; a single point is drawn as a dot; no series is an empty panel.
 */
export async function renderMetricChart(title: string, series: readonly ChartSeries[]): Promise<MetricChart> {
  return svgToPng(metricChartSvg(title, series));
}

/** The chart as SVG text (exported for tests of the layout). */
export function metricChartSvg(title: string, series: readonly ChartSeries[]): string {
  const panels = Math.max(series.length, 1);
  const height = TITLE_HEIGHT + panels * (PANEL_HEIGHT + PANEL_GAP);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    const grid = series.map((_, index) => ({
      left: 90,
      right: 30,
      top: TITLE_HEIGHT + index * (PANEL_HEIGHT + PANEL_GAP) + 22,
      height: PANEL_HEIGHT - 30,
    }));
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONT_FAMILY },
      title: [
        { text: title, left: 10, top: 8, textStyle: { fontSize: 15, fontFamily: CHART_FONT_FAMILY } },
        ...series.map((s, index) => ({
          text: `${s.metric} (${s.unit})`,
          left: 90,
          top: TITLE_HEIGHT + index * (PANEL_HEIGHT + PANEL_GAP),
          textStyle: { fontSize: 12, fontWeight: 'normal' as const, fontFamily: CHART_FONT_FAMILY },
        })),
      ],
      grid,
      xAxis: series.map((_, index) => ({
        type: 'time' as const,
        gridIndex: index,
        axisLabel: { formatter: utcClock, fontSize: 10, hideOverlap: true },
      })),
      yAxis: series.map((_, index) => ({
        type: 'value' as const,
        gridIndex: index,
        scale: true,
        splitNumber: 3,
        axisLabel: { formatter: compactNumber, fontSize: 10 },
      })),
      series: series.map((s, index) => ({
        type: 'line' as const,
        xAxisIndex: index,
        yAxisIndex: index,
        name: s.metric,
        showSymbol: s.points.filter(([value]) => value !== null).length <= 1,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        color: COLORS[index % COLORS.length],
        data: s.points.map(([value, seconds]) => [seconds * 1000, finiteOrNull(value)]),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** `14:05` in UTC: the same on every server, whatever its time zone. */
function utcClock(value: number): string {
  const date = new Date(value);
  return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

/** `1.2k`, `3.4M`, `5.6G`: axis labels stay short for huge values. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  for (const [limit, suffix] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= limit) return `${Number((value / limit).toPrecision(3))}${suffix}`;
  }
  return `${Number(value.toPrecision(3))}`;
}
