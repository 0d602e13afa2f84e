import { isSealedActionId } from '../../handlers/views/sealed-input.js';
import type { ConsoleView, ConsoleViewPayload } from './console-views.js';

/** A text input of a modal, as the console asks for it. */
export interface ModalInput {
  blockId: string;
  actionId: string;
  label: string;
  hint: string | null;
  multiline: boolean;
  /** What the input shows before the user types (`initial_value`). */
  initial: string;
  optional: boolean;
  /** A value pipeops seals (a secret): typed without echo, never shown or kept to be shown again. */
  sealed: boolean;
}

interface InputBlockLike {
  type: string;
  block_id?: string;
  label?: { text?: string };
  hint?: { text?: string };
  optional?: boolean;
  element?: { type?: string; action_id?: string; multiline?: boolean; initial_value?: string };
}

/** The modal's plain-text inputs, in order (other input elements are not supported by the console). */
export function modalInputs(view: ConsoleViewPayload): ModalInput[] {
  return (view.blocks as InputBlockLike[]).flatMap((block, index) => {
    const element = block.element;
    if (block.type !== 'input' || element?.type !== 'plain_text_input' || !element.action_id) return [];
    return [
      {
        blockId: block.block_id ?? `input-${index}`,
        actionId: element.action_id,
        label: block.label?.text ?? 'Input',
        hint: block.hint?.text ?? null,
        multiline: element.multiline === true,
        initial: element.initial_value ?? '',
        optional: block.optional === true,
        sealed: isSealedActionId(element.action_id),
      },
    ];
  });
}

/** The line that ends a multi-line value (and, typed alone, keeps the value shown). */
export const END_OF_VALUE = '.';

/**
 * Collects a modal's inputs line by line: a single-line input takes one line; a multi-line input takes lines
 * until one holding only `.`. A lone `.` as the first line keeps the value the input shows. After an `errors`
 * answer only the inputs with errors are asked again; the others keep what was typed.
 */
export class ModalForm {
  readonly view: ConsoleView;
  /** The view's hash when the form was made: a different one means the app changed the modal meanwhile. */
  readonly hash: string;
  readonly inputs: readonly ModalInput[];
  readonly #values = new Map<string, string>();
  #pending: ModalInput[];
  #buffer: string[] = [];

  constructor(view: ConsoleView) {
    this.view = view;
    this.hash = view.hash;
    this.inputs = modalInputs(view.view);
    this.#pending = [...this.inputs];
  }

  /** The input being typed; undefined when every input has its value. */
  get current(): ModalInput | undefined {
    return this.#pending[0];
  }

  /** Takes one typed line; true once every input has a value (time to submit). */
  feed(line: string): boolean {
    const input = this.current;
    if (!input) return true;
    const ends = line.trim() === END_OF_VALUE;
    if (input.multiline && !ends) {
      this.#buffer.push(line);
      return false;
    }
    const typed = input.multiline ? this.#buffer.join('\n') : line;
    const keep = input.multiline ? this.#buffer.length === 0 : ends;
    this.#values.set(input.blockId, keep ? input.initial : typed);
    this.#buffer = [];
    this.#pending.shift();
    return this.#pending.length === 0;
  }

  /** Asks again for the inputs of these block ids (an `errors` answer), starting from what was typed. */
  retry(blockIds: readonly string[]): void {
    this.#pending = this.inputs
      .filter((input) => blockIds.includes(input.blockId))
      // A sealed value is typed again rather than kept for showing.
      .map((input) => ({ ...input, initial: input.sealed ? '' : (this.#values.get(input.blockId) ?? input.initial) }));
    this.#buffer = [];
  }

  /** `view.state.values` as Slack sends it in a view_submission. */
  stateValues(): Record<string, Record<string, { type: 'plain_text_input'; value: string | null }>> {
    return Object.fromEntries(
      this.inputs.map((input) => {
        const value = this.#values.get(input.blockId) ?? input.initial;
        return [input.blockId, { [input.actionId]: { type: 'plain_text_input', value: value === '' ? null : value } }];
      }),
    );
  }
}
