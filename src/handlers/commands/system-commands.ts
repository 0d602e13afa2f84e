import { z } from 'zod';
import { metricUnit } from '../../services/alerts/metric-units.js';
import {
  DEFAULT_METRICS,
  DEFAULT_MINUTES,
  type MetricsReport,
  parseMetricNames,
} from '../../services/system/system-metrics.js';
import { mention } from '../blocks/mrkdwn.js';
import { buildMetricsMessage, buildStatusCodesMessage } from '../blocks/system-blocks.js';
import type { CommandContext } from './pipeline-command-spec.js';
import { defineCommand } from './pipeline-command-spec.js';

/**
 * `[metrics] [minutes]`: two optional words, so `system metrics 30` means 30 minutes of the default metrics.
 * Names are checked by the service (parseMetricNames) for a did-you-mean answer.
 */
const metricsArgs = z
  .object({ metrics: z.string().optional(), minutes: z.string().optional() })
  .transform(({ metrics, minutes }, ctx): { metrics?: string; minutes?: number } => {
    const [names, window] =
      metrics !== undefined && minutes === undefined && /^\d+$/.test(metrics)
        ? [undefined, metrics]
        : [metrics, minutes];
    if (window !== undefined && !/^\d+$/.test(window)) {
      ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'must be a whole number of minutes' });
      return z.NEVER;
    }
    return {
      ...(names !== undefined ? { metrics: names } : {}),
      ...(window !== undefined ? { minutes: Number(window) } : {}),
    };
  });

export const systemCommands = [
  defineCommand({
    pattern: 'system status-codes',
    description: 'List the sample status codes and what they mean.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildStatusCodesMessage(await ctx.services.system.statusCodes()));
    },
  }),
  defineCommand({
    pattern: 'system metrics [metrics] [minutes]',
    description: `Pipeline metrics (default ${DEFAULT_METRICS.join(', ')} over ${DEFAULT_MINUTES} minutes; e.g. ERROR_EVENTS,LATENCY_MAX 120): min/avg/max/last and a sparkline each, privately, and a chart posted in the channel.`,
    args: metricsArgs,
    async run(ctx, args) {
      const names = args.metrics !== undefined ? parseMetricNames(args.metrics) : DEFAULT_METRICS;
      const report = await ctx.services.system.metrics(names, args.minutes ?? DEFAULT_MINUTES);
      const chart = await uploadChart(ctx, report);
      await ctx.reply(buildMetricsMessage(report, chart));
    },
  }),
];

/**
 * Draws the metrics as a PNG and uploads it to the channel (a private reply cannot carry a file). A failure is
 * logged and reported as "no chart": the sparklines still show the trend.
 */
async function uploadChart(ctx: CommandContext, report: MetricsReport): Promise<'attached' | 'failed'> {
  try {
    const title = `Pipeline metrics · last ${report.minutes} minutes (UTC)`;
    // Loaded on first use: ECharts alone takes ~0.6 s to import, which every start would otherwise pay.
    const { renderMetricChart } = await import('../../services/charts/metric-chart.js');
    const chart = await renderMetricChart(
      title,
      report.metrics.map((m) => ({ metric: m.metric, unit: metricUnit(m.metric), points: m.points })),
    );
    await ctx.client.filesUploadV2({
      channel_id: ctx.channelId,
      filename: `metrics-${report.minutes}min.png`,
      title,
      file: Buffer.from(chart.png),
      initial_comment: `Metrics chart (${report.metrics.map((m) => m.metric).join(', ')}), asked for by ${mention(ctx.userId)}.`,
    });
    return 'attached';
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not draw or upload the metrics chart');
    return 'failed';
  }
}
