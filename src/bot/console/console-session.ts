import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { KnownBlock } from '../../handlers/blocks/slack-types.js';
import { pipelineCommands } from '../../handlers/commands/pipeline-commands.js';
import type { SandboxPipeline } from '../../services/sandbox/sandbox-pipeline.js';
import { completeConsoleLine, consoleCompleter, type ResourceNames } from './console-completer.js';
import { findHomeButton, homeClickPayload, homeOpenedEvent } from './console-home.js';
import { buttonClickPayload, CONSOLE_TEAM_ID, interactionEnvelope } from './console-interaction.js';
import { ConsoleLineReader } from './console-line-reader.js';
import { ModalForm } from './console-modal.js';
import type { ConsoleReceiver } from './console-receiver.js';
import { runSandboxCommand } from './console-sandbox-commands.js';
import { typedSecretLine } from './console-secret-input.js';
import type { ConsoleEvent, ConsoleMessage, ConsoleSlack } from './console-slack.js';
import { ConsoleUsers, consoleUserId, validConsoleName } from './console-users.js';
import { renderBlocks, renderMrkdwn } from './render-message.js';
import { inputInstructions, renderModal } from './render-view.js';

export const CONSOLE_CHANNEL = { id: 'CDATAOPS', name: 'data-ops' } as const;

export interface ConsoleSessionOptions {
  input: NodeJS.ReadableStream;
  output: Writable;
  receiver: ConsoleReceiver;
  slack: ConsoleSlack;
  /** The slash command as registered, e.g. `/pipeline`. */
  command: string;
  /** Present when the pipeline is the embedded sandbox: enables the `sandbox …` commands. */
  sandbox: SandboxPipeline | null;
  firstUser?: string;
  /** Ends the session as if input had ended (Ctrl-C, SIGTERM), so the caller can close the database cleanly. */
  signal?: AbortSignal;
  /** Evaluates the alert rules now (after `sandbox metric`), so an alert shows without waiting for the interval. */
  alerts?: { checkNow(): Promise<void> };
  /** Where the line history persists on a terminal (under the data directory); none = this session only. */
  historyFile?: string;
  /** The pipeline's input and event-type names, for tab completion. */
  resourceNames?: () => Promise<ResourceNames>;
}

const consoleHelp = `Console commands:
  as <name>                    act as another user (alice, bob, … any name)
  /pipeline <args>             run a slash command as the current user in #${CONSOLE_CHANNEL.name}
  click <button> [#id | @n]    press a button (approve, reject, cancel, re-plan) on the newest card that has it,
                               or on change request #id, or on message number n
  home                         your Home tab: requests waiting for your approval, yours, alerts, recent applies
  click <button> home [#id]    press Approve or Reject on your Home tab
  messages                     show every message in the channel again
  whoami | users               who you are | who has spoken
  sandbox pause|resume <input> change the sandbox pipeline behind pipeops' back (to see stale plans)
  sandbox mode <event> <mode>  same, for a mapping mode
  sandbox fail <status> [n] [--reads]
                               the pipeline answers the next n writes (default 1) with HTTP <status>;
                               with --reads, the next n requests of any kind
  sandbox metric <METRIC> <value|none> [input]
                               drive a metric (per minute for counts; none = no data), pipeline-wide or for
                               one input, then evaluate the alert rules (e.g. sandbox metric ERROR_EVENTS 500 source_tWO)
  sandbox steps <event> <json> replace an event type's transform steps behind pipeops' back
  sandbox reset                sandbox pipeline back to its seed data
  help | quit                  (on a terminal: arrow keys recall earlier lines, Tab completes, Ctrl-C quits)

Dialogs (e.g. /pipeline transform set <event>): the console shows the dialog, then asks for each input in turn.
  A one-line input takes the next line. A multi-line input takes lines until one holding only "."; a lone "."
  keeps the value shown. Then the dialog is submitted; if the app answers with errors, they are shown and the
  inputs concerned are asked again. "cancel" closes the dialog. While a dialog is open, lines go to it.`;

/** What a view_submission may be acknowledged with (Slack's response_action). */
const ViewAck = z
  .object({
    response_action: z.enum(['errors', 'update', 'push', 'clear']).optional(),
    errors: z.record(z.string(), z.string()).optional(),
    view: z.unknown().optional(),
  })
  .catch({});

/**
 * The local console: a terminal Slack for one channel. Lines typed here become the same slash-command
 * and block_actions payloads Slack would send, dispatched to the same Bolt app, handlers and services;
 * what the app posts comes back through the fake Web API and is printed as text.
 */
export async function runConsoleSession(options: ConsoleSessionOptions): Promise<void> {
  const { output, receiver, slack, sandbox } = options;
  const users = new ConsoleUsers();
  let currentName = (options.firstUser ?? 'alice').toLowerCase();
  let currentId = users.add(currentName);
  const nameOf = (id: string) => users.nameOf(id);
  slack.members = () => users.list().map((name) => ({ id: consoleUserId(name), name }));
  const reader = new ConsoleLineReader({
    input: options.input,
    output,
    ...(options.historyFile ? { historyFile: options.historyFile } : {}),
    completer: () =>
      consoleCompleter(
        (line, names) =>
          completeConsoleLine(line, {
            command: options.command,
            patterns: pipelineCommands.map((spec) => spec.pattern),
            names,
            users: users.list(),
          }),
        options.resourceNames,
      ),
  });
  const print = (text: string) => reader.print(`${text}\n`);
  const indent = (lines: string[], prefix: string) =>
    lines
      .flatMap((l) => l.split('\n'))
      .map((l) => `${prefix}${l}`)
      .join('\n');
  const render = (text: string, blocks: readonly KnownBlock[]) =>
    blocks.length > 0 ? renderBlocks(blocks, nameOf) : [renderMrkdwn(text, nameOf)];
  /** The open dialog being filled in, and whether the app opened or changed a dialog since it was shown. */
  let form: ModalForm | null = null;
  let viewsChanged = false;

  /** While a typed line is handled, card updates wait here, so that a card redrawn twice is printed once. */
  let heldUpdates: Map<number, ConsoleMessage> | null = null;
  /** Whose Home tab is printed when it is published: set while `home` or a click on the Home tab runs. */
  let showHomeOf: string | null = null;
  const cardText = (message: ConsoleMessage, title: string) =>
    [`\n┌─ message ${message.number}${title}`, indent(render(message.text, message.blocks), '│ '), '└─'].join('\n');
  const flushUpdates = () => {
    const held = heldUpdates ? [...heldUpdates.values()] : [];
    heldUpdates?.clear();
    for (const message of held) print(cardText(message, ' (updated)'));
  };

  slack.onEvent((event: ConsoleEvent) => {
    if (event.type === 'updated' && heldUpdates) {
      heldUpdates.set(event.message.number, event.message);
      return;
    }
    if (event.type !== 'view' && event.type !== 'home') flushUpdates();
    switch (event.type) {
      case 'posted':
        if (event.message.threadTs) {
          const parent = slack.messages.find((m) => m.ts === event.message.threadTs);
          print(
            indent(
              render(event.message.text, event.message.blocks),
              `  ↳ [thread of message ${parent?.number ?? '?'}] `,
            ),
          );
        } else {
          print(cardText(event.message, ` · pipeops in #${CONSOLE_CHANNEL.name}`));
        }
        break;
      case 'updated':
        print(cardText(event.message, ' (updated)'));
        break;
      case 'ephemeral':
        print(`\n(only visible to @${nameOf(event.userId)})\n${indent(render(event.text, event.blocks), '  ')}`);
        break;
      case 'file':
        print(
          `  ↳ [thread of message ${event.threadOf?.number ?? '?'}] file: ${event.title}\n${indent([event.content], '    ')}`,
        );
        break;
      case 'view':
        viewsChanged = true;
        break;
      case 'home': {
        const home = slack.homes.get(event.userId);
        if (home && event.userId === showHomeOf) {
          print(
            [
              `\n┌─ Home tab of @${nameOf(event.userId)} (only visible to them)`,
              indent(renderBlocks(home.blocks, nameOf), '│ '),
              '└─  (type: click approve home [#id] | click reject home [#id])',
            ].join('\n'),
          );
        }
        break;
      }
    }
  });

  const askNext = (current: ModalForm) => {
    const input = current.current;
    if (input) print(inputInstructions(input));
    else {
      const submit = current.view.view.submit?.text;
      print(`Type "cancel" to close the dialog${submit ? ` or "submit" to press [${submit}]` : ''}.`);
    }
  };

  /** Shows the dialog on top of the stack once the app has opened or changed it, and asks for its first input. */
  const showDialog = () => {
    if (!viewsChanged) return;
    viewsChanged = false;
    const top = slack.views.top;
    if (!top) {
      form = null;
      return;
    }
    if (form && form.view === top && form.hash === top.hash) return;
    form = new ModalForm(top);
    print(`\n┌─ dialog · only visible to @${currentName}`);
    print(indent(renderModal(form, nameOf), '│ '));
    print('└─');
    askNext(form);
  };

  const viewPayload = (current: ModalForm) => {
    const { id, hash, view } = current.view;
    return {
      ...view,
      id,
      hash,
      team_id: CONSOLE_TEAM_ID,
      app_id: 'ACONSOLE',
      bot_id: 'BPIPEOPS',
      root_view_id: id,
      previous_view_id: null,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: current.stateValues() },
    };
  };
  const interaction = (type: string) => interactionEnvelope(type, { id: currentId, name: currentName });

  const closeDialog = async (current: ModalForm) => {
    slack.views.closeTop();
    form = null;
    viewsChanged = true;
    print('(dialog closed)');
    if (current.view.view.notify_on_close) {
      await receiver.dispatch({ ...interaction('view_closed'), view: viewPayload(current), is_cleared: false });
    }
  };

  const submitDialog = async (current: ModalForm) => {
    print(`(@${currentName} pressed [${current.view.view.submit?.text ?? 'Submit'}])`);
    const acked = ViewAck.parse(
      (await receiver.dispatch({
        ...interaction('view_submission'),
        trigger_id: `trigger.${Date.now()}`,
        view: viewPayload(current),
        response_urls: [],
      })) ?? {},
    );
    if (acked.response_action === 'errors') {
      const errors = acked.errors ?? {};
      for (const [blockId, message] of Object.entries(errors)) {
        const label = current.inputs.find((input) => input.blockId === blockId)?.label ?? blockId;
        print(`⚠️ ${label}: ${message}`);
      }
      current.retry(Object.keys(errors));
      askNext(current);
      return;
    }
    if (acked.response_action === 'update') slack.views.replaceTop(acked.view);
    else if (acked.response_action === 'push') slack.views.push(acked.view);
    else if (acked.response_action === 'clear') slack.views.clear();
    else slack.views.closeTop();
    form = null;
    viewsChanged = true;
  };

  /** A line typed while a dialog is open goes to it. */
  const dialogLine = async (current: ModalForm, raw: string) => {
    if (current.current?.sealed) {
      const typed = typedSecretLine(raw);
      if (typed === null || typed.trim() === 'cancel') await closeDialog(current);
      else {
        print('(value taken, not shown)');
        if (current.feed(typed)) await submitDialog(current);
      }
      return;
    }
    const line = raw.trim();
    if (line === 'cancel') await closeDialog(current);
    else if (!current.current) {
      if (line === 'submit' && current.view.view.submit) await submitDialog(current);
      else askNext(current);
    } else if (current.feed(raw)) await submitDialog(current);
  };

  const runSlash = async (line: string) => {
    const [command = '', ...rest] = line.split(/\s+/);
    if (command !== options.command) {
      print(`Unknown slash command ${command}. This app has ${options.command}.`);
      return;
    }
    const text = line.slice(command.length).trim();
    const acked = await receiver.dispatch({
      token: 'console',
      team_id: CONSOLE_TEAM_ID,
      team_domain: 'console',
      channel_id: CONSOLE_CHANNEL.id,
      channel_name: CONSOLE_CHANNEL.name,
      user_id: currentId,
      user_name: currentName,
      command,
      text: rest.length > 0 ? text : '',
      api_app_id: 'ACONSOLE',
      response_url: slack.responseUrl(currentId),
      trigger_id: `trigger.${Date.now()}`,
    });
    if (acked && typeof acked === 'object') {
      const body = acked as { text?: string; blocks?: KnownBlock[] };
      slack.showEphemeral(currentId, body.text ?? '', body.blocks ?? []);
    }
  };

  const findButton = (label: string, target: string | undefined) => {
    const wanted = label.toLowerCase().replace(/[^a-z0-9]/g, '');
    const candidates: ConsoleMessage[] = [...slack.messages].reverse().filter((m) => {
      if (target?.startsWith('#')) return m.blocks.some((b) => b.block_id?.startsWith(`cr${target.slice(1)}-`));
      if (target?.startsWith('@')) return m.number === Number(target.slice(1));
      return true;
    });
    for (const message of candidates) {
      for (const block of message.blocks) {
        if (block.type !== 'actions') continue;
        for (const element of block.elements) {
          if (element.type !== 'button') continue;
          const text = element.text.text.toLowerCase().replace(/[^a-z0-9]/g, '');
          if (text === wanted || element.action_id?.endsWith(`_${wanted}`)) return { message, block, button: element };
        }
      }
    }
    return null;
  };

  /** `click approve home [#id]`: a button on the current user's Home tab (the view, not a message). */
  const clickOnHome = async (label: string, target: string | undefined) => {
    const home = slack.homes.get(currentId);
    const found = home ? findHomeButton(home, label, target?.startsWith('#') ? target.slice(1) : undefined) : null;
    if (!home || !found) {
      print(
        `No [${label}] button on your Home tab${target ? ` for ${target}` : ''}${home ? '' : ' (type home first)'}.`,
      );
      return;
    }
    print(`(@${currentName} pressed [${found.button.text.text}] on the Home tab)`);
    showHomeOf = currentId;
    try {
      await receiver.dispatch(homeClickPayload({ id: currentId, name: currentName }, home, found));
    } finally {
      showHomeOf = null;
    }
  };

  const showHome = async () => {
    showHomeOf = currentId;
    try {
      await receiver.dispatch(homeOpenedEvent(currentId));
    } finally {
      showHomeOf = null;
    }
  };

  const click = async (args: string[]) => {
    // `click snooze 1h @3`: the words are the label (as the button hints show it), `#id` / `@n` the target.
    const target = args.find((arg) => arg.startsWith('#') || arg.startsWith('@'));
    const onHome = args.includes('home');
    const label = args.filter((arg) => arg !== target && arg !== 'home').join(' ');
    if (!label) {
      print('Usage: click <button> [#change-id | @message-number]   or   click <button> home [#change-id]');
      return;
    }
    if (onHome) {
      await clickOnHome(label, target);
      return;
    }
    const found = findButton(label, target);
    if (!found) {
      print(`No [${label}] button${target ? ` on ${target}` : ''} to press.`);
      return;
    }
    const { message, button } = found;
    print(`(@${currentName} pressed [${button.text.text}] on message ${message.number})`);
    await receiver.dispatch(
      buttonClickPayload({ id: currentId, name: currentName }, found, {
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        channel: { id: message.channel, name: CONSOLE_CHANNEL.name },
        message: {
          type: 'message',
          ts: message.ts,
          text: message.text,
          blocks: message.blocks,
          user: 'UPIPEOPS',
          bot_id: 'BPIPEOPS',
        },
        response_url: slack.responseUrl(currentId),
      }),
    );
  };

  const handle = async (line: string): Promise<boolean> => {
    const words = line.split(/\s+/);
    const [verb = '', ...args] = words;
    if (line.startsWith('/')) await runSlash(line);
    else if (verb === 'as') {
      const name = args[0];
      // `as bob smith` is refused rather than taken as bob: a user name is one word.
      if (!name || args.length > 1 || !validConsoleName.test(name)) {
        print('Usage: as <name>   (one word: letters, digits, - and _)');
      } else {
        currentName = name.toLowerCase();
        currentId = users.add(currentName);
        print(`You are now @${currentName} (${currentId}).`);
      }
    } else if (verb === 'click' || verb === 'press') await click(args);
    else if (verb === 'home') await showHome();
    else if (verb === 'messages') {
      for (const m of slack.messages.filter((message) => !message.threadTs)) {
        print(`\n┌─ message ${m.number}`);
        print(indent(render(m.text, m.blocks), '│ '));
        print('└─');
      }
    } else if (verb === 'whoami') print(`@${currentName} (${currentId})`);
    else if (verb === 'users')
      print(
        users
          .list()
          .map((n) => `@${n}`)
          .join(' '),
      );
    else if (verb === 'sandbox') await runSandboxCommand(sandbox, args, print, options.alerts);
    else if (verb === 'help' || verb === '?') print(consoleHelp);
    else if (verb === 'quit' || verb === 'exit') return false;
    else print(`Unknown console command "${verb}". Type help.`);
    return true;
  };

  print(`pipeops local console: no Slack tokens configured, so this terminal plays Slack.
You are @${currentName} in #${CONSOLE_CHANNEL.name}. Try: ${options.command} help · ${options.command} input list · help`);
  const prompt = () => {
    // A sealed input is typed without echo (console-line-reader.ts, console-secret-input.ts).
    const sealed = form?.current?.sealed === true;
    reader.prompt(form ? (sealed ? 'secret> ' : 'dialog> ') : `${currentName}> `, sealed);
  };
  options.signal?.addEventListener('abort', () => reader.close(), { once: true });
  // Ctrl-C on a terminal: closes an open dialog, else ends the session (as end of input does).
  reader.onInterrupt(() => {
    if (!form) {
      reader.close();
      return;
    }
    void closeDialog(form).then(() => {
      showDialog();
      prompt();
    });
  });
  prompt();
  for await (const raw of reader.lines()) {
    const line = raw.trim();
    heldUpdates = new Map();
    try {
      if (form) await dialogLine(form, raw);
      else if (line !== '' && !(await handle(line))) break;
      showDialog();
    } catch (error) {
      print(`Console error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      flushUpdates();
      heldUpdates = null;
    }
    prompt();
  }
  reader.close();
  print('\nbye');
}
