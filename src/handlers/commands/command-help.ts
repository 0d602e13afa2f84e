import { didYouMean, didYouMeanSentence } from '../../services/close-names.js';
import { deepFreeze } from '../../services/deep-freeze.js';
import {
  buildHelpMessage,
  buildHelpOverview,
  buildUsageError,
  type HelpEntry,
  type HelpTopic,
} from '../blocks/help-blocks.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import type { CommandSpec } from './command-grammar.js';

const FOOTER =
  'Changes are dry runs first: the card shows the diff, and nothing happens until someone other than the requester presses Approve.';

/** The word after `help` that lists every command. */
export const ALL_TOPIC = 'all';

const familyOf = (spec: CommandSpec) => spec.pattern.split(' ')[0] ?? '';
/** A command's leading word after its family (`pause` in `input pause <input>`; `mode` in `mapping <event> mode …`). */
const verbOf = (spec: CommandSpec) =>
  spec.pattern
    .split(' ')
    .slice(1)
    .find((word) => /^[a-z][a-z-]*$/.test(word));

/**
 * Help for a list of commands: the overview (no topic), one family's commands, or all of them. The same topic
 * always gives the same frozen message (so its acknowledgement is serialised once); an unknown topic gives a usage
 * error, built each time and never kept (the topic is the user's text).
 */
export function commandHelp(commands: readonly CommandSpec[]) {
  const families = new Map<string, CommandSpec[]>();
  for (const spec of commands) families.set(familyOf(spec), [...(families.get(familyOf(spec)) ?? []), spec]);
  const known = new Map<string, SlackMessage>();

  const entries = (specs: readonly CommandSpec[], command: string): HelpEntry[] =>
    specs.map((spec) => ({
      usage: `${command} ${spec.pattern}`,
      description: spec.description,
      family: familyOf(spec),
    }));

  function build(command: string, topic: string | undefined): SlackMessage {
    if (topic === undefined) {
      const topics: HelpTopic[] = [...families].map(([name, specs]) => {
        const verbs = [...new Set(specs.map(verbOf).filter((verb) => verb !== undefined))];
        const [only] = specs;
        return specs.length === 1 && only ? { name, verbs, single: entries([only], command)[0] } : { name, verbs };
      });
      const hints = { topicCommand: `${command} help`, allCommand: `${command} help ${ALL_TOPIC}` };
      return buildHelpOverview(topics, hints, FOOTER);
    }
    if (topic === ALL_TOPIC) return buildHelpMessage(entries(commands, command), FOOTER);
    const specs = families.get(topic) ?? [];
    return buildHelpMessage(entries(specs, command), FOOTER, `pipeops: ${topic} commands`);
  }

  return function help(command: string, topic?: string): SlackMessage {
    const wanted = topic?.toLowerCase();
    if (wanted !== undefined && wanted !== ALL_TOPIC && !families.has(wanted)) {
      const topics = [...families.keys(), ALL_TOPIC];
      return buildUsageError(
        `there is no help topic \`${topic}\`. Topics: ${topics.join(', ')}.${didYouMeanSentence(didYouMean(topics, wanted))}`,
        [`${command} help [topic]`],
        `${command} help`,
      );
    }
    const key = `${command}\u0000${wanted ?? ''}`;
    let message = known.get(key);
    if (!message) {
      message = deepFreeze(build(command, wanted));
      known.set(key, message);
    }
    return message;
  };
}
