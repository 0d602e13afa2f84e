import type { SampleEntry, SampleStats } from '../../services/pipeline/samples-contract.js';
import type { SampleDetail, SampleListing } from '../../services/samples/sample-catalog.js';
import { jsonDumps, PyDict, type PyValue } from '../../transforms/index.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { codeBlock, fitPlainText, inlineCode, literalMrkdwn, truncateMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

/** How long a field's value may be in the compact view before it is cut (the snippet has it whole). */
const VALUE_CHARS = 80;
/** Fields shown per sample on a `sample list` line. */
const FIELDS_PER_LINE = 6;

/** A field's value, compact: scalars as JSON (cut), objects and lists folded to their size. */
export function foldValue(value: PyValue): string {
  if (value instanceof PyDict) return `{…${value.size} key${value.size === 1 ? '' : 's'}}`;
  if (Array.isArray(value)) return `[…${value.length} item${value.length === 1 ? '' : 's'}]`;
  // Strings as JSON but readable (json.dumps would write `é` and the mask `••••••` as \u escapes).
  return typeof value === 'string' ? JSON.stringify(value) : jsonDumps(value);
}

function fieldPairs(event: PyDict): [string, string][] {
  return event.entryList().map(([key, value]) => [String(key), foldValue(value)]);
}

function statusText(status: string | null): string {
  return status === null
    ? '_no status_'
    : status === 'VALID'
      ? ':white_check_mark: `VALID`'
      : `:x: ${inlineCode(status, 40)}`;
}

/** The events as JSON lines (Python's json.dumps), as `pipeops transform run` reads them. */
export function samplesJsonLines(entries: readonly SampleEntry[]): string {
  return entries.map((entry) => jsonDumps(entry.event)).join('\n');
}

/** `sample list`: one line per sample (status, first fields folded and cut); the full JSON goes up as a snippet. */
export function buildSampleListMessage(listing: SampleListing, command: string): SlackMessage {
  const what = `${listing.eventType}${listing.status ? ` with status ${listing.status}` : ''}`;
  if (listing.entries.length === 0) {
    const text = `No samples of ${inlineCode(listing.eventType, 200)}${listing.status ? ` with status ${inlineCode(listing.status, 40)}` : ''}.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const lines = listing.entries.map((entry, index) => {
    const pairs = fieldPairs(entry.event);
    const shown = pairs
      .slice(0, FIELDS_PER_LINE)
      .map(([key, value]) => `${literalMrkdwn(key, 40)}: ${inlineCode(value, 40)}`)
      .join(' · ');
    const more = pairs.length > FIELDS_PER_LINE ? ` · _+${pairs.length - FIELDS_PER_LINE} more_` : '';
    return `*${index + 1}* ${statusText(entry.status)} · ${shown || '_(empty event)_'}${more}`;
  });
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: fitPlainText(`Samples of ${what} (${listing.entries.length})`, LIMITS.headerText),
      },
    },
    ...linesToSections(lines),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncateMrkdwn(
            `Credential-looking fields are masked. ${inlineCode(`${command} sample show ${listing.eventType.includes(' ') ? `"${listing.eventType}"` : listing.eventType} <n>`, 1000)} shows one sample field by field; the full JSON is uploaded as a snippet.`,
            LIMITS.sectionText,
          ),
        },
      ],
    },
  ];
  return {
    text: truncateMrkdwn(`Samples of ${inlineCode(what, 200)}: ${listing.entries.length}`, LIMITS.messageText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

/** `sample show`: one sample, a line per top-level field (nested ones folded, long values cut). */
export function buildSampleDetailMessage(detail: SampleDetail): SlackMessage {
  const pairs = fieldPairs(detail.entry.event);
  const lines = pairs.map(([key, value]) => `${inlineCode(key, 60)} ${inlineCode(value, VALUE_CHARS)}`);
  const title = `Sample ${detail.index} of ${detail.total} · ${detail.eventType}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(title, LIMITS.headerText) } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Status* ${statusText(detail.entry.status)} · ${pairs.length} fields` },
    },
    ...linesToSections(lines.length > 0 ? lines : ['_(empty event)_']),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Credential-looking fields are masked; the full JSON is uploaded as a snippet.' },
      ],
    },
  ];
  return {
    text: truncateMrkdwn(
      `Sample ${detail.index} of ${detail.total} of ${inlineCode(detail.eventType, 200)}`,
      LIMITS.messageText,
    ),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

/** `sample stats`: a table of event types × status codes, in a code block (Block Kit has no tables). */
export function buildSampleStatsMessage(stats: SampleStats): SlackMessage {
  const eventTypes = Object.keys(stats).sort();
  if (eventTypes.length === 0) {
    return { text: 'No samples.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'No samples.' } }] };
  }
  const codes = [...new Set(eventTypes.flatMap((name) => Object.keys(stats[name] ?? {})))].sort((a, b) =>
    a === 'VALID' ? -1 : b === 'VALID' ? 1 : a.localeCompare(b),
  );
  const header = ['event type', ...codes, 'total'];
  const rows = eventTypes.map((name) => {
    const counts = stats[name] ?? {};
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return [name, ...codes.map((code) => String(counts[code] ?? 0)), String(total)];
  });
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  const table = codeBlock([format(header), ...rows.map(format)].join('\n'), LIMITS.sectionText);
  return {
    text: `Sample stats: ${eventTypes.length} event type${eventTypes.length === 1 ? '' : 's'}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Samples by event type and status' } },
      { type: 'section', text: { type: 'mrkdwn', text: table.text } },
    ],
  };
}
