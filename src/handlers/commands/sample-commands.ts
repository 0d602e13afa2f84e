import { z } from 'zod';
import { sampleFileName } from '../../services/samples/sample-files.js';
import { jsonDumps } from '../../transforms/index.js';
import {
  buildSampleDetailMessage,
  buildSampleListMessage,
  buildSampleStatsMessage,
  samplesJsonLines,
} from '../blocks/sample-blocks.js';
import { uploadSamplesSnippet } from '../samples/upload-samples-snippet.js';
import type { CommandContext } from './pipeline-command-spec.js';
import { defineCommand } from './pipeline-command-spec.js';

/** Event-type names may hold spaces: the rest of the line, or a quoted word when something follows it. */
const event = z.string().min(1);
const status = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a status code is letters, digits, _ . or -');
const sampleNumber = z.coerce.number().int().positive().max(1000);

async function listSamples(ctx: CommandContext, eventType: string, code?: string): Promise<void> {
  const listing = await ctx.services.samples.list(eventType, code);
  await ctx.reply(buildSampleListMessage(listing, ctx.command));
  if (listing.entries.length === 0) return;
  await uploadSamplesSnippet(ctx, {
    filename: sampleFileName(eventType).replace(/\.json$/, '.jsonl'),
    title: `Samples of ${eventType}${listing.status ? ` (${listing.status})` : ''}, masked, one JSON event per line`,
    content: samplesJsonLines(listing.entries),
  });
}

async function showSample(ctx: CommandContext, eventType: string, index: number): Promise<void> {
  const detail = await ctx.services.samples.show(eventType, index);
  await ctx.reply(buildSampleDetailMessage(detail));
  await uploadSamplesSnippet(ctx, {
    filename: sampleFileName(eventType).replace(/\.json$/, `_${index}.json`),
    title: `Sample ${index} of ${eventType}, masked`,
    content: jsonDumps(detail.entry.event),
  });
}

export const sampleCommands = [
  defineCommand({
    pattern: 'sample list <event> status <status>',
    description: 'The samples of an event type with one status code (quote a name with spaces).',
    args: z.object({ event, status }),
    run: (ctx, args) => listSamples(ctx, args.event, args.status),
  }),
  defineCommand({
    pattern: 'sample list <event...>',
    description:
      'The samples the pipeline keeps for an event type, compactly, with their status; full JSON as a snippet.',
    args: z.object({ event }),
    run: (ctx, args) => listSamples(ctx, args.event),
  }),
  defineCommand({
    pattern: 'sample show <event> <n>',
    description: 'Sample number n of an event type, field by field (quote a name with spaces).',
    args: z.object({ event, n: sampleNumber }),
    run: (ctx, args) => showSample(ctx, args.event, args.n),
  }),
  defineCommand({
    pattern: 'sample show <event...>',
    description: 'The first sample of an event type, field by field; full JSON as a snippet.',
    args: z.object({ event }),
    run: (ctx, args) => showSample(ctx, args.event, 1),
  }),
  defineCommand({
    pattern: 'sample stats',
    description: 'How many samples each event type has, per status code.',
    args: z.object({}),
    async run(ctx) {
      await ctx.reply(buildSampleStatsMessage(await ctx.services.samples.stats()));
    },
  }),
];
