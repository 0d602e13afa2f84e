import type { Completer } from 'node:readline';
import { METRIC_NAMES } from '../../services/pipeline/metrics.js';
import { mappingModes } from '../../services/pipeline/schemas.js';

/** The pipeline's resource names, offered where a command takes an input or an event type. */
export interface ResourceNames {
  inputs: readonly string[];
  eventTypes: readonly string[];
}

export interface CompletionContext {
  /** The slash command (`/pipeline`) and its subcommands' patterns (`input pause <input>`, …). */
  command: string;
  patterns: readonly string[];
  names: ResourceNames;
  /** Console users who have spoken, for `as`. */
  users: readonly string[];
}

const CONSOLE_VERBS = ['as', 'click', 'home', 'messages', 'whoami', 'users', 'sandbox', 'help', 'quit'];
const SANDBOX_VERBS = ['pause', 'resume', 'mode', 'fail', 'steps', 'metric', 'reset'];
const BUTTONS = ['approve', 'reject', 'cancel', 're-plan'];
/** Pattern placeholders that name a resource, by what they name. */
const INPUT_SLOTS = new Set(['input']);
const EVENT_SLOTS = new Set(['event', 'target']);
const MODE_SLOTS = new Set(['mode']);

/** A name as typed on the command line: quoted when it holds a space. */
const typed = (name: string) => (/\s/.test(name) ? `"${name}"` : name);

function matching(candidates: readonly string[], partial: string): string[] {
  const wanted = partial.replace(/^"/, '').toLowerCase();
  const hits = candidates.filter((candidate) => candidate.toLowerCase().startsWith(wanted)).map(typed);
  return [...new Set(hits)].sort();
}

/** What may come at `position` of a pattern whose earlier parts the `before` words matched; null = no match. */
function slotAt(pattern: string, before: readonly string[], context: CompletionContext): readonly string[] | null {
  const parts = pattern.match(/\[[^\]]*\]|\S+/g) ?? [];
  for (const [index, word] of before.entries()) {
    const part = parts[index];
    if (part === undefined || part.includes('...') || part.includes(' ')) return null;
    if (!part.startsWith('<') && !part.startsWith('[') && part.toLowerCase() !== word.toLowerCase()) return null;
  }
  const next = parts[before.length];
  if (next === undefined) return null;
  const option = /^\[(\S+) <[^>]+>\]$/.exec(next);
  if (option?.[1]) return [option[1]];
  const slot = /^[<[]([a-z-]+)(?:\.\.\.)?[>\]]$/.exec(next)?.[1];
  if (slot === undefined) return [next];
  if (INPUT_SLOTS.has(slot)) return context.names.inputs;
  if (EVENT_SLOTS.has(slot)) return context.names.eventTypes;
  if (MODE_SLOTS.has(slot)) return mappingModes;
  return [];
}

function sandboxCandidates(before: readonly string[], names: ResourceNames): readonly string[] {
  const [verb] = before;
  if (before.length === 0) return SANDBOX_VERBS;
  if (before.length === 1 && (verb === 'pause' || verb === 'resume')) return names.inputs;
  if (before.length === 1 && (verb === 'mode' || verb === 'steps')) return names.eventTypes;
  if (before.length === 2 && verb === 'mode') return mappingModes;
  if (before.length === 1 && verb === 'metric') return METRIC_NAMES;
  if (before.length === 3 && verb === 'metric') return names.inputs;
  if (before.length === 2 && verb === 'fail') return ['--reads'];
  return [];
}

/**
 * Tab completion of a console line: console commands, then `/pipeline` subcommands word by word from the command
 * specs, with input and event-type names (and modes, metrics, users) where a command takes one. Returns readline's
 * `[candidates, the word they complete]`.
 */
export function completeConsoleLine(line: string, context: CompletionContext): [string[], string] {
  const words = line.trimStart().split(/\s+/);
  const partial = words.pop() ?? '';
  const [first, ...before] = words;
  if (first === undefined) return [matching([...CONSOLE_VERBS, context.command], partial), partial];
  let candidates: readonly string[] = [];
  if (first === context.command) {
    candidates = context.patterns.flatMap((pattern) => slotAt(pattern, before, context) ?? []);
  } else if (first === 'sandbox') candidates = sandboxCandidates(before, context.names);
  else if (first === 'as' && before.length === 0) candidates = context.users;
  else if ((first === 'click' || first === 'press') && before.length === 0) candidates = BUTTONS;
  return [matching(candidates, partial), partial];
}

/**
 * readline's completer over `complete`. It answers at once from the resource names last read (a Tab never waits on
 * the pipeline), and reads them again in the background, first at once and then when they are older than
 * `maxAgeMs`; while they cannot be read, completion goes on with the last ones (or none).
 */
export function consoleCompleter(
  complete: (line: string, names: ResourceNames) => [string[], string],
  readNames: (() => Promise<ResourceNames>) | undefined,
  maxAgeMs = 30_000,
): Completer {
  let names: ResourceNames = { inputs: [], eventTypes: [] };
  let readAt = Number.NEGATIVE_INFINITY;
  let reading = false;
  const refresh = () => {
    if (!readNames || reading || Date.now() - readAt < maxAgeMs) return;
    reading = true;
    readNames()
      .then((read) => {
        names = read;
        readAt = Date.now();
      })
      .catch(() => {
        // Kept: the last names. Tried again at the next Tab.
      })
      .finally(() => {
        reading = false;
      });
  };
  refresh();
  return (line) => {
    refresh();
    return complete(line, names);
  };
}

/** The names completion offers, read from the pipeline through the services (inputs, event types). */
export function resourceNamesFrom(services: {
  inputs: { list(): Promise<readonly { name: string }[]> };
  eventTypes: { list(): Promise<readonly { name: string }[]> };
}): () => Promise<ResourceNames> {
  return async () => {
    const [inputs, eventTypes] = await Promise.all([services.inputs.list(), services.eventTypes.list()]);
    return { inputs: inputs.map((input) => input.name), eventTypes: eventTypes.map((eventType) => eventType.name) };
  };
}
