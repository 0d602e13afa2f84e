import { describe, expect, it } from 'vitest';
import { ModalForm } from './console-modal.js';
import { type ConsoleView, ConsoleViews } from './console-views.js';
import { renderMrkdwn } from './render-message.js';

const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Edit' },
  submit: { type: 'plain_text', text: 'Save' },
  callback_id: 'cb',
  private_metadata: '{"c":"C1"}',
  blocks,
  ...extra,
});
const input = (blockId: string, multiline: boolean, initial?: string) => ({
  type: 'input',
  block_id: blockId,
  label: { type: 'plain_text', text: blockId.toUpperCase() },
  element: { type: 'plain_text_input', action_id: `${blockId}_action`, multiline, initial_value: initial },
});

function open(views: ConsoleViews, view: unknown): ConsoleView {
  const result = views.call('views.open', { trigger_id: 'trigger.1', view: JSON.stringify(view) });
  if (!result.ok) throw new Error(result.error);
  return result.view;
}

describe('ModalForm', () => {
  it('takes one line for a single-line input and lines up to "." for a multi-line one', () => {
    const form = new ModalForm(open(new ConsoleViews(), modal([input('name', false), input('body', true)])));
    expect(form.current?.label).toBe('NAME');
    expect(form.feed('  Ada  ')).toBe(false);
    expect(form.feed('line 1')).toBe(false);
    expect(form.feed('')).toBe(false);
    expect(form.feed('  indented')).toBe(false);
    expect(form.feed('.')).toBe(true);
    expect(form.stateValues()).toEqual({
      name: { name_action: { type: 'plain_text_input', value: '  Ada  ' } },
      body: { body_action: { type: 'plain_text_input', value: 'line 1\n\n  indented' } },
    });
  });

  it('a lone "." keeps the value shown; an empty value is sent as null', () => {
    const form = new ModalForm(open(new ConsoleViews(), modal([input('a', true, 'kept\ntext'), input('b', false)])));
    form.feed('.');
    form.feed('.');
    expect(form.stateValues()).toEqual({
      a: { a_action: { type: 'plain_text_input', value: 'kept\ntext' } },
      b: { b_action: { type: 'plain_text_input', value: null } },
    });
  });

  it('after errors asks again only for the inputs concerned, keeping the others', () => {
    const form = new ModalForm(open(new ConsoleViews(), modal([input('a', false), input('b', false)])));
    form.feed('first');
    form.feed('wrong');
    form.retry(['b']);
    expect(form.current?.blockId).toBe('b');
    expect(form.feed('right')).toBe(true);
    expect(form.stateValues().a?.a_action?.value).toBe('first');
    expect(form.stateValues().b?.b_action?.value).toBe('right');
  });
});

describe('ConsoleViews (views.open / update / push as Slack answers them)', () => {
  it('updates by id with the current hash, and refuses a stale hash or an unknown id', () => {
    const views = new ConsoleViews();
    const opened = open(views, modal([]));
    const stale = opened.hash;
    const updated = views.call('views.update', {
      view_id: opened.id,
      hash: stale,
      view: modal([], { title: { type: 'plain_text', text: 'New' } }),
    });
    expect(updated.ok && updated.view.view.title.text).toBe('New');
    expect(views.call('views.update', { view_id: opened.id, hash: stale, view: modal([]) })).toEqual({
      ok: false,
      error: 'hash_conflict',
    });
    expect(views.call('views.update', { view_id: 'V404', view: modal([]) })).toEqual({ ok: false, error: 'not_found' });
    expect(views.call('views.open', { trigger_id: 't', view: { type: 'home', blocks: [] } })).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
  });

  it('stacks at most three views; closing returns to the one below', () => {
    const views = new ConsoleViews();
    const root = open(views, modal([]));
    expect(views.call('views.push', { trigger_id: 't', view: modal([]) }).ok).toBe(true);
    expect(views.push(modal([]))).toBeDefined();
    expect(views.call('views.push', { trigger_id: 't', view: modal([]) })).toEqual({
      ok: false,
      error: 'push_limit_reached',
    });
    views.closeTop();
    views.closeTop();
    expect(views.top).toBe(root);
    views.clear();
    expect(views.top).toBeUndefined();
  });
});

describe('renderMrkdwn', () => {
  it('shows channel mentions by name when given, else by id', () => {
    expect(renderMrkdwn('in <#C123|data-ops> and <#C456>', (id) => id)).toBe('in #data-ops and #C456');
  });
});
