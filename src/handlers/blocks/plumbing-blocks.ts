import type { InputTable } from '../../services/inputs/input-tables.js';
import type { PipelineStructure } from '../../services/inputs/plumbing-catalog.js';
import type { PlumbingNode } from '../../services/pipeline/plumbing-schemas.js';
import type { Input } from '../../services/pipeline/schemas.js';
import { LIMITS } from './limits.js';
import { linesToSections } from './line-sections.js';
import { fitPlainText, inlineCode, literalMrkdwn } from './mrkdwn.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';

const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });

function throughput(node: PlumbingNode): string {
  const value = node.stats?.throughput;
  return typeof value === 'number' ? `${number(value)} events/min` : 'no throughput reported';
}

function nodeLine(node: PlumbingNode): string {
  const paused = node.paused === true ? ' · :double_vertical_bar: paused' : '';
  return `• ${inlineCode(node.name, 60)} · ${literalMrkdwn(node.type, 40)} · ${throughput(node)}${paused}`;
}

/** `text` is the plain fallback (notifications, screen readers): it holds names, so it is escaped here. */
function message(title: string, text: string, lines: string[]): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(title, LIMITS.headerText) } },
    ...linesToSections(lines),
  ];
  return { text: literalMrkdwn(text, LIMITS.messageText), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** `structure`: inputs → transformer → outputs, each with its throughput (events per minute). */
export function buildStructureMessage(structure: PipelineStructure): SlackMessage {
  const { inputs, transformer, restream, outputs, others } = structure;
  const lines = [
    `*Inputs (${inputs.length})*`,
    ...(inputs.length > 0 ? inputs.map(nodeLine) : ['• (none)']),
    ...(restream
      ? [
          `• ${inlineCode(restream.name, 60)} · RESTREAM · ${throughput(restream)}${typeof restream.stats?.availbleForRestream === 'number' ? ` · ${number(restream.stats.availbleForRestream)} events waiting` : ''}`,
        ]
      : []),
    '↓',
    `*Transformer*`,
    transformer ? nodeLine(transformer) : '• (none reported)',
    '↓',
    `*Outputs (${outputs.length})*`,
    ...(outputs.length > 0 ? outputs.map(nodeLine) : ['• (none)']),
    ...(others.length > 0 ? ['', '*Other nodes*', ...others.map(nodeLine)] : []),
  ];
  const summary = `Pipeline: ${inputs.length} inputs → ${transformer?.name ?? 'no transformer'} → ${outputs.map((o) => o.name).join(', ') || 'no output'}`;
  return message('Pipeline structure', summary, lines);
}

/** `input tables <input>`: the replicated tables and their update indicators. */
export function buildInputTablesMessage(input: Input, tables: readonly InputTable[]): SlackMessage {
  const lines =
    tables.length === 0
      ? ['(no tables)']
      : tables.map(
          (table) => `• ${inlineCode(table.name, 80)} · update indicator ${inlineCode(table.updateIndicator, 80)}`,
        );
  return message(
    `Tables of ${input.name} (${tables.length})`,
    `Input ${input.name} replicates ${tables.length} table${tables.length === 1 ? '' : 's'}: ${tables.map((t) => t.name).join(', ')}`,
    lines,
  );
}
