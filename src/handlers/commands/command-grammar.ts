import type { z } from 'zod';
import { didYouMean, didYouMeanSentence } from '../../services/close-names.js';

/**
 * A subcommand of /pipeline, declared by its pattern: literal words, `<name>` (one word), `<name...>`
 * (the rest, at least one word), `[name]` (an optional last word), `[name...]` (optional words up to the options) and,
 * at the end, keyword options
 * `[keyword <name>]` (`[tables <tables>]`, `[--type <type>]`): each at most once, in any order, the keyword
 * followed by one word. A `<name>` followed by a literal takes every word up to that literal, so names with spaces
 * need no quotes there. Captured words are validated by `args`.
 */
export interface CommandSpec<Args = unknown> {
  pattern: string;
  description: string;
  /** A typed example for the README (after the slash command); default: the pattern with sample values. */
  example?: string;
  args: z.ZodType<Args>;
}

type PatternPart =
  | { kind: 'literal'; word: string }
  | { kind: 'word'; name: string }
  | { kind: 'rest'; name: string }
  | { kind: 'optional'; name: string; rest: boolean }
  | { kind: 'option'; keyword: string; name: string };

/** `[keyword <name>]`: a keyword option (a bracket group with a space inside). */
const OPTION_PART = /^\[(\S+) <([^>\s]+)>\]$/;

/** Patterns are the specs' constants: parsed once, not at every command (they are read for each spec in turn). */
const parsedPatterns = new Map<string, readonly PatternPart[]>();

function parsePattern(pattern: string): readonly PatternPart[] {
  let parts = parsedPatterns.get(pattern);
  if (!parts) {
    parts = splitPattern(pattern);
    parsedPatterns.set(pattern, parts);
  }
  return parts;
}

function splitPattern(pattern: string): PatternPart[] {
  return (pattern.match(/\[[^\]]*\]|\S+/g) ?? []).map((part): PatternPart => {
    const option = OPTION_PART.exec(part);
    if (option) return { kind: 'option', keyword: (option[1] ?? '').toLowerCase(), name: option[2] ?? '' };
    if (part.startsWith('<') && part.endsWith('...>')) return { kind: 'rest', name: part.slice(1, -4) };
    if (part.startsWith('<')) return { kind: 'word', name: part.slice(1, -1) };
    if (part.startsWith('[') && part.endsWith('...]')) return { kind: 'optional', name: part.slice(1, -4), rest: true };
    if (part.startsWith('[')) return { kind: 'optional', name: part.slice(1, -1), rest: false };
    return { kind: 'literal', word: part };
  });
}

export type ParseResult<S extends CommandSpec> =
  | { ok: true; spec: S; args: unknown }
  | { ok: false; error: string; usages: string[] };

interface Attempt {
  /** How many literal words matched, then how many tokens were taken: the best attempt explains the failure. */
  literals: number;
  consumed: number;
  /** The literal word the pattern wanted where it failed, when it wanted one. */
  expected?: string;
  captures?: Record<string, string>;
  problem?: string;
}

/** Slack clients may turn a typed `--` into an en or em dash. */
function optionWord(token: string): string {
  return token.toLowerCase().replace(/^[\u2013\u2014]/, '--');
}

/** Matches the keyword options (the pattern's tail) against the remaining tokens. */
function matchOptions(
  options: { keyword: string; name: string }[],
  tokens: string[],
  captures: Record<string, string>,
): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i] ?? '';
    const option = options.find((candidate) => candidate.keyword === optionWord(token));
    if (!option) {
      const guess = didYouMean(
        options.map((candidate) => candidate.keyword),
        optionWord(token),
      );
      return `unexpected \`${token}\` (options: ${options.map((candidate) => candidate.keyword).join(', ')})${guess ? `.${didYouMeanSentence(guess)}` : ''}`;
    }
    if (seen.has(option.keyword)) return `\`${option.keyword}\` given twice`;
    seen.add(option.keyword);
    const value = tokens[i + 1];
    if (value === undefined) return `missing <${option.name}> after \`${option.keyword}\``;
    captures[option.name] = value;
  }
  return undefined;
}

/**
 * How many tokens a `<name>` capture takes: one, or, when the pattern's next part is a literal that is not the next
 * token but comes later, every word up to it: unquoted names with spaces (`mapping checkout completed mode STRICT`).
 */
function wordSpan(parts: readonly PatternPart[], index: number, tokens: string[], start: number): number {
  const next = parts[index + 1];
  if (next?.kind !== 'literal' || tokens[start + 1]?.toLowerCase() === next.word) return 1;
  const at = tokens.findIndex((token, j) => j > start && token.toLowerCase() === next.word);
  return at === -1 ? 1 : at - start;
}

/** An optional `[name...]` takes the words up to the first option keyword or `--word` (or the end). */
function optionalRestSpan(parts: readonly PatternPart[], index: number, tokens: string[], start: number): number {
  const keywords = new Set(parts.slice(index + 1).flatMap((part) => (part.kind === 'option' ? [part.keyword] : [])));
  const at = tokens.findIndex(
    (token, j) => j >= start && (keywords.has(optionWord(token)) || optionWord(token).startsWith('--')),
  );
  return (at === -1 ? tokens.length : at) - start;
}

function attempt(parts: readonly PatternPart[], tokens: string[]): Attempt {
  const captures: Record<string, string> = {};
  let literals = 0;
  let i = 0;
  const failed = (problem: string, expected?: string): Attempt => ({
    literals,
    consumed: i,
    problem,
    ...(expected ? { expected } : {}),
  });
  for (const [index, part] of parts.entries()) {
    const token = tokens[i];
    if (part.kind === 'option') {
      const options = parts.slice(index).flatMap((tail) => (tail.kind === 'option' ? [tail] : []));
      const problem = matchOptions(options, tokens.slice(i), captures);
      return problem ? failed(problem) : { literals, consumed: tokens.length, captures };
    }
    switch (part.kind) {
      case 'literal':
        if (token?.toLowerCase() !== part.word) {
          return failed(token === undefined ? `missing \`${part.word}\`` : `unexpected \`${token}\``, part.word);
        }
        literals++;
        i++;
        break;
      case 'word': {
        if (token === undefined) return failed(`missing <${part.name}>`);
        const span = wordSpan(parts, index, tokens, i);
        captures[part.name] = tokens.slice(i, i + span).join(' ');
        i += span;
        break;
      }
      case 'rest':
        if (token === undefined) return failed(`missing <${part.name}>`);
        captures[part.name] = tokens.slice(i).join(' ');
        i = tokens.length;
        break;
      case 'optional': {
        const span = part.rest ? optionalRestSpan(parts, index, tokens, i) : token === undefined ? 0 : 1;
        if (span > 0) captures[part.name] = tokens.slice(i, i + span).join(' ');
        i += span;
        break;
      }
    }
  }
  if (i < tokens.length) return failed(`unexpected \`${tokens[i]}\``);
  return { literals, consumed: i, captures };
}

/** What a capture's value must be, said in words, for zod's own checks (a schema's own message wins over this). */
function wordedIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'is empty' : `needs at least ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `is longer than ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return 'must be a number';
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    default:
      return 'is not valid here';
  }
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `<${issue.path.join('.')}> ` : ''}${issue.message}`)
    .join('; ');
}

/** The words typed before the failure, as the user typed them (quoted in backticks by the message). */
const typed = (tokens: string[], count: number) => tokens.slice(0, count).join(' ');

/** Several patterns wanted a word here: name them in words, with a guess for a typo. */
function explainChoice(tokens: string[], consumed: number, words: string[]): { error: string; guess?: string } {
  const choices = words.join(', ');
  const before = `\`${typed(tokens, consumed)}\``;
  const token = tokens[consumed];
  if (token === undefined) return { error: `${before} takes one of: ${choices}` };
  const guess = didYouMean(words, token);
  return {
    error: `after ${before}, \`${token}\` is not one of: ${choices}${guess ? `.${didYouMeanSentence(guess)}` : ''}`,
    ...(guess ? { guess } : {}),
  };
}

/** Matches `tokens` against the specs; on failure explains in words what is wrong and shows the closest usages. */
export function parseCommand<S extends CommandSpec>(
  specs: readonly S[],
  tokens: string[],
  prefix: string,
): ParseResult<S> {
  let invalid: { spec: S; error: z.ZodError } | null = null;
  const near: { spec: S; attempt: Attempt }[] = [];
  for (const spec of specs) {
    const result = attempt(parsePattern(spec.pattern), tokens);
    if (result.captures) {
      const parsed = spec.args.safeParse(result.captures, { error: wordedIssue });
      if (parsed.success) return { ok: true, spec, args: parsed.data };
      invalid ??= { spec, error: parsed.error };
    } else if (result.literals > 0) {
      near.push({ spec, attempt: result });
    }
  }
  if (invalid) return { ok: false, error: formatIssues(invalid.error), usages: [`${prefix} ${invalid.spec.pattern}`] };
  const most = Math.max(0, ...near.map((n) => n.attempt.literals));
  const furthest = Math.max(0, ...near.filter((n) => n.attempt.literals === most).map((n) => n.attempt.consumed));
  const closest = near.filter((n) => n.attempt.literals === most && n.attempt.consumed === furthest);
  const usage = (n: { spec: S }) => `${prefix} ${n.spec.pattern}`;
  const [first] = closest;
  if (first) {
    const words = [...new Set(closest.flatMap((n) => (n.attempt.expected ? [n.attempt.expected] : [])))];
    if (words.length > 1 || (words.length === 1 && closest.length > 1)) {
      const { error, guess } = explainChoice(tokens, furthest, words);
      const usages = guess ? closest.filter((n) => n.attempt.expected === guess) : closest;
      return { ok: false, error, usages: usages.map(usage) };
    }
    return { ok: false, error: first.attempt.problem ?? 'invalid command', usages: closest.map(usage) };
  }
  const word = tokens[0];
  if (word === undefined) return { ok: false, error: 'no command given', usages: [] };
  const commandOf = (spec: S) => spec.pattern.split(' ')[0] ?? '';
  const commands = [...new Set(specs.map(commandOf))];
  const guess = didYouMean(commands, word);
  return {
    ok: false,
    error: `unknown command \`${word}\`.${didYouMeanSentence(guess)} Commands: ${commands.join(', ')}`,
    usages: guess ? specs.filter((spec) => commandOf(spec) === guess).map((spec) => `${prefix} ${spec.pattern}`) : [],
  };
}
