import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { KnownBlock } from '../../handlers/blocks/slack-types.js';
import { METRIC_NAMES, type MetricName } from '../../services/pipeline/metrics.js';
import { mappingModes } from '../../services/pipeline/schemas.js';
import type { SandboxPipeline } from '../../services/sandbox/sandbox-pipeline.js';
import type { ConsoleReceiver } from './console-receiver.js';
import type { ConsoleEvent, ConsoleMessage, ConsoleSlack } from './console-slack.js';
import { ConsoleUsers, validConsoleName } from './console-users.js';
import { renderBlocks, renderMrkdwn } from './render-message.js';

export const CONSOLE_CHANNEL = { id: 'CDATAOPS', name: 'data-ops' } as const;
const TEAM_ID = 'TCONSOLE';

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
}

const consoleHelp = `Console commands:
  as <name>                    act as another user (alice, bob, … any name)
  /pipeline <args>             run a slash command as the current user in #${CONSOLE_CHANNEL.name}
  click <button> [#id | @n]    press a button (approve, reject, cancel, re-plan) on the newest card that has it,
                               or on change request #id, or on message number n
  messages                     show every message in the channel again
  whoami | users               who you are | who has spoken
  sandbox pause|resume <input> change the sandbox pipeline behind pipeops' back (to see stale plans)
  sandbox mode <event> <mode>  same, for a mapping mode
  sandbox fail <status> [n]    the pipeline answers the next n writes (default 1) with HTTP <status>
  sandbox metric <METRIC> <value|none> [input]
                               drive a metric (per minute for counts; none = no data), pipeline-wide or for
                               one input, then evaluate the alert rules (e.g. sandbox metric ERROR_EVENTS 500 source_tWO)
  sandbox reset                sandbox pipeline back to its seed data
  help | quit`;

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
  const print = (text: string) => output.write(`${text}\n`);
  const indent = (lines: string[], prefix: string) =>
    lines
      .flatMap((l) => l.split('\n'))
      .map((l) => `${prefix}${l}`)
      .join('\n');
  const render = (text: string, blocks: readonly KnownBlock[]) =>
    blocks.length > 0 ? renderBlocks(blocks, nameOf) : [renderMrkdwn(text, nameOf)];

  slack.onEvent((event: ConsoleEvent) => {
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
          print(`\n┌─ message ${event.message.number} · pipeops in #${CONSOLE_CHANNEL.name}`);
          print(indent(render(event.message.text, event.message.blocks), '│ '));
          print('└─');
        }
        break;
      case 'updated':
        print(`\n┌─ message ${event.message.number} (updated)`);
        print(indent(render(event.message.text, event.message.blocks), '│ '));
        print('└─');
        break;
      case 'ephemeral':
        print(`\n(only visible to @${nameOf(event.userId)})`);
        print(indent(render(event.text, event.blocks), '  '));
        break;
      case 'file':
        print(`  ↳ [thread of message ${event.threadOf?.number ?? '?'}] file: ${event.title}`);
        print(indent([event.content], '    '));
        break;
    }
  });

  const runSlash = async (line: string) => {
    const [command = '', ...rest] = line.split(/\s+/);
    if (command !== options.command) {
      print(`Unknown slash command ${command}. This app has ${options.command}.`);
      return;
    }
    const text = line.slice(command.length).trim();
    const acked = await receiver.dispatch({
      token: 'console',
      team_id: TEAM_ID,
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

  const click = async (args: string[]) => {
    // `click snooze 1h @3`: the words are the label (as the button hints show it), `#id` / `@n` the target.
    const target = args.find((arg) => arg.startsWith('#') || arg.startsWith('@'));
    const label = args.filter((arg) => arg !== target).join(' ');
    if (!label) {
      print('Usage: click <button> [#change-id | @message-number]');
      return;
    }
    const found = findButton(label, target);
    if (!found) {
      print(`No [${label}] button${target ? ` on ${target}` : ''} to press.`);
      return;
    }
    const { message, block, button } = found;
    print(`(@${currentName} pressed [${button.text.text}] on message ${message.number})`);
    await receiver.dispatch({
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'console' },
      user: { id: currentId, username: currentName, name: currentName, team_id: TEAM_ID },
      api_app_id: 'ACONSOLE',
      token: 'console',
      trigger_id: `trigger.${Date.now()}`,
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
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: block.block_id,
          text: button.text,
          value: button.value,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
  };

  const sandboxCommand = async (args: string[]) => {
    if (!sandbox) {
      print('The pipeline is not the embedded sandbox (PIPELINE_URL is set): sandbox commands are off.');
      return;
    }
    const [verb, a, b] = args;
    try {
      if ((verb === 'pause' || verb === 'resume') && a) {
        const input = sandbox.pauseInput(a, verb === 'pause');
        print(`(sandbox) input ${input.name} is now ${input.paused ? 'paused' : 'running'}.`);
      } else if (verb === 'mode' && a && b && (mappingModes as readonly string[]).includes(b.toUpperCase())) {
        sandbox.setMappingMode(a, b.toUpperCase() as (typeof mappingModes)[number]);
        print(`(sandbox) ${a} mapping mode is now ${b.toUpperCase()}.`);
      } else if (verb === 'fail' && a && /^[45]\d\d$/.test(a)) {
        const times = b ? Number(b) : 1;
        sandbox.injectFault({ method: 'PUT', path: /.*/, status: Number(a), times });
        sandbox.injectFault({ method: 'POST', path: /.*/, status: Number(a), times });
        print(`(sandbox) the next ${times} write(s) of each kind answer HTTP ${a}.`);
      } else if (verb === 'reset') {
        sandbox.reset();
        print('(sandbox) back to the seed data.');
      } else if (verb === 'metric' && a && b && (METRIC_NAMES as readonly string[]).includes(a.toUpperCase())) {
        const value = b === 'none' ? null : Number(b);
        if (value !== null && !Number.isFinite(value)) throw new Error(`'${b}' is not a number (or none)`);
        const input = args[3];
        sandbox.setMetric(a.toUpperCase() as MetricName, value, input ? { input } : {});
        print(`(sandbox) ${a.toUpperCase()}${input ? ` of ${input}` : ''} is now ${value ?? 'absent (no data)'}.`);
        await options.alerts?.checkNow();
      } else {
        print(
          'Usage: sandbox pause|resume <input> | sandbox mode <event> <mode> | sandbox fail <status> [n] | sandbox reset | sandbox metric <METRIC> <value|none> [input]',
        );
      }
    } catch (error) {
      print(`(sandbox) ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const words = line.split(/\s+/);
    const [verb = '', ...args] = words;
    if (line.startsWith('/')) await runSlash(line);
    else if (verb === 'as') {
      const name = args[0];
      if (!name || !validConsoleName.test(name)) print('Usage: as <name>   (letters, digits, - and _)');
      else {
        currentName = name.toLowerCase();
        currentId = users.add(currentName);
        print(`You are now @${currentName} (${currentId}).`);
      }
    } else if (verb === 'click' || verb === 'press') await click(args);
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
    else if (verb === 'sandbox') await sandboxCommand(args);
    else if (verb === 'help' || verb === '?') print(consoleHelp);
    else if (verb === 'quit' || verb === 'exit') return false;
    else print(`Unknown console command "${verb}". Type help.`);
    return true;
  };

  print(`pipeops local console: no Slack tokens configured, so this terminal plays Slack.
You are @${currentName} in #${CONSOLE_CHANNEL.name}. Try: ${options.command} help · ${options.command} input list · help`);
  const prompt = () => output.write(`${currentName}> `);
  const lines = createInterface({ input: options.input, terminal: false });
  options.signal?.addEventListener('abort', () => lines.close(), { once: true });
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line !== '') {
      try {
        if (!(await handle(line))) break;
      } catch (error) {
        print(`Console error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    prompt();
  }
  lines.close();
  print('\nbye');
}
