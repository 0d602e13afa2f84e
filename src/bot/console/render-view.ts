import type { KnownBlock } from '../../handlers/blocks/slack-types.js';
import { END_OF_VALUE, type ModalForm, type ModalInput } from './console-modal.js';
import { renderBlocks } from './render-message.js';

/** A modal as terminal lines: title, its blocks, its inputs with the value they show, and its buttons. */
export function renderModal(form: ModalForm, nameOf: (userId: string) => string): string[] {
  const { view } = form.view;
  const lines = [`■ ${view.title.text}`];
  for (const block of view.blocks) {
    const input = form.inputs.find((candidate) => candidate.blockId === (block as { block_id?: string }).block_id);
    if (block.type === 'input') {
      if (!input) {
        lines.push('▸ (an input the console cannot fill)');
        continue;
      }
      lines.push(`▸ ${input.label}${input.optional ? ' (optional)' : ''}${input.hint ? `  — ${input.hint}` : ''}`);
      const shown = input.sealed ? ['(secret: typed without echo, never shown)'] : input.initial.split('\n');
      lines.push(...(input.initial === '' && !input.sealed ? ['(empty)'] : shown).map((line) => `    ${line}`));
    } else {
      lines.push(...renderBlocks([block as unknown as KnownBlock], nameOf));
    }
  }
  const buttons = [view.submit?.text, view.close?.text ?? 'Cancel'].filter((text): text is string => Boolean(text));
  lines.push(buttons.map((text) => `[${text}]`).join(' '));
  return lines;
}

/** How to type the input now asked for. */
export function inputInstructions(input: ModalInput): string {
  if (input.sealed) {
    return `✎ ${input.label}: type the value on one line; it is not shown (Ctrl-C or "cancel" closes the dialog).`;
  }
  const keep = `a lone "${END_OF_VALUE}" keeps the value shown`;
  return input.multiline
    ? `✎ ${input.label}: type the new value over as many lines as needed, then a line holding only "${END_OF_VALUE}" (${keep}). "cancel" closes the dialog.`
    : `✎ ${input.label}: type the value on one line (${keep}). "cancel" closes the dialog.`;
}
