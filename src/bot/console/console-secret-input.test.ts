import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { secretFormView } from '../../handlers/views/secret-value-modal.js';
import { ModalForm } from './console-modal.js';
import { setSecretTyping, typedSecretLine } from './console-secret-input.js';
import { ConsoleViews } from './console-views.js';
import { inputInstructions, renderModal } from './render-view.js';

const CANARY = 'canary-console-4711';

function secretForm(): ModalForm {
  const views = new ConsoleViews();
  const result = views.call('views.open', {
    trigger_id: 'trigger.1',
    view: JSON.stringify(secretFormView({ channelId: 'CDATAOPS', name: 'DB_PASSWORD' }, '+ DB_PASSWORD (new)')),
  });
  if (!result.ok) throw new Error(result.error);
  return new ModalForm(result.view);
}

describe('the console and sealed dialog inputs (secret set)', () => {
  it('recognises the secret dialog’s input as sealed and says it is typed without echo', () => {
    const form = secretForm();
    expect(form.current).toMatchObject({ label: 'Value', sealed: true });
    const input = form.current;
    if (!input) throw new Error('the form has no input');
    expect(inputInstructions(input)).toContain('it is not shown');
  });

  it('submits what was typed but never shows it, not even after an errors answer', () => {
    const form = secretForm();
    expect(form.feed(CANARY)).toBe(true);
    expect(form.stateValues()).toEqual({ secret_value: { sealed_value: { type: 'plain_text_input', value: CANARY } } });
    form.retry(['secret_value']);
    expect(form.current?.initial).toBe('');
    const shown = renderModal(form, (id) => id).join('\n');
    expect(shown).not.toContain(CANARY);
    expect(shown).toContain('(secret: typed without echo, never shown)');
  });

  it('applies erase keys and treats Ctrl-C / Ctrl-D as cancel', () => {
    expect(typedSecretLine('hunterX\u007f2\r')).toBe('hunter2');
    expect(typedSecretLine('ab\b\bcd')).toBe('cd');
    expect(typedSecretLine('abc\u0003')).toBeNull();
    expect(typedSecretLine('\u0004')).toBeNull();
  });

  it('puts a terminal in raw mode (no echo) while typing and back after; leaves a pipe alone', () => {
    const modes: boolean[] = [];
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (mode: boolean) => modes.push(mode) });
    setSecretTyping(tty, true);
    setSecretTyping(tty, false);
    expect(modes).toEqual([true, false]);
    expect(() => setSecretTyping(new PassThrough(), true)).not.toThrow();
  });
});
