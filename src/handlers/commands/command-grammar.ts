import type { z } from 'zod';

/**
 * A subcommand of /pipeline, declared by its pattern: literal words, `<name>` (one word), `<name...>`
 * (the rest, at least one word), `[name]` (an optional last word) and, at the end, keyword options
 * `[keyword <name>]` (`[tables <tables>]`, `[--type <type>]`): each at most once, in any order, the keyword
 * followed by one word. Captured words are validated by `args`.
 */
export interface CommandSpec<Args = unknown> {
  pattern: string;
  description: string;
  args: z.ZodType<Args>;
}

type PatternPart =
  | { kind: 'literal'; word: string }
  | { kind: 'word'; name: string }
  | { kind: 'rest'; name: string }
  | { kind: 'optional'; name: string }
  | { kind: 'option'; keyword: string; name: string };

/** `[keyword <name>]`: a keyword option (a bracket group with a space inside). */
const OPTION_PART = /^\[(\S+) <([^>\s]+)>\]$/;

function parsePattern(pattern: string): PatternPart[] {
  return (pattern.match(/\[[^\]]*\]|\S+/g) ?? []).map((part): PatternPart => {
    const option = OPTION_PART.exec(part);
    if (option) return { kind: 'option', keyword: (option[1] ?? '').toLowerCase(), name: option[2] ?? '' };
    if (part.startsWith('<') && part.endsWith('...>')) return { kind: 'rest', name: part.slice(1, -4) };
    if (part.startsWith('<')) return { kind: 'word', name: part.slice(1, -1) };
    if (part.startsWith('[')) return { kind: 'optional', name: part.slice(1, -1) };
    return { kind: 'literal', word: part };
  });
}

export type ParseResult<S extends CommandSpec> =
  | { ok: true; spec: S; args: unknown }
  | { ok: false; error: string; usages: string[] };

interface Attempt {
  /** How many literal words matched: the best attempt explains the failure. */
  literals: number;
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
      return `unexpected \`${token}\` (options: ${options.map((candidate) => candidate.keyword).join(', ')})`;
    }
    if (seen.has(option.keyword)) return `\`${option.keyword}\` given twice`;
    seen.add(option.keyword);
    const value = tokens[i + 1];
    if (value === undefined) return `missing <${option.name}> after \`${option.keyword}\``;
    captures[option.name] = value;
  }
  return undefined;
}

function attempt(parts: PatternPart[], tokens: string[]): Attempt {
  const captures: Record<string, string> = {};
  let literals = 0;
  let i = 0;
  for (const [index, part] of parts.entries()) {
    const token = tokens[i];
    if (part.kind === 'option') {
      const options = parts.slice(index).flatMap((tail) => (tail.kind === 'option' ? [tail] : []));
      const problem = matchOptions(options, tokens.slice(i), captures);
      return problem ? { literals, problem } : { literals, captures };
    }
    switch (part.kind) {
      case 'literal':
        if (token?.toLowerCase() !== part.word) {
          return { literals, problem: token === undefined ? `missing \`${part.word}\`` : `unexpected \`${token}\`` };
        }
        literals++;
        i++;
        break;
      case 'word':
        if (token === undefined) return { literals, problem: `missing <${part.name}>` };
        captures[part.name] = token;
        i++;
        break;
      case 'rest':
        if (token === undefined) return { literals, problem: `missing <${part.name}>` };
        captures[part.name] = tokens.slice(i).join(' ');
        i = tokens.length;
        break;
      case 'optional':
        if (token !== undefined) captures[part.name] = token;
        i += token === undefined ? 0 : 1;
        break;
    }
  }
  if (i < tokens.length) return { literals, problem: `unexpected \`${tokens[i]}\`` };
  return { literals, captures };
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `<${issue.path.join('.')}> ` : ''}${issue.message}`)
    .join('; ');
}

/** Matches `tokens` against the specs; on failure explains what is wrong and shows the closest usages. */
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
      const parsed = spec.args.safeParse(result.captures);
      if (parsed.success) return { ok: true, spec, args: parsed.data };
      invalid ??= { spec, error: parsed.error };
    } else if (result.literals > 0) {
      near.push({ spec, attempt: result });
    }
  }
  if (invalid) return { ok: false, error: formatIssues(invalid.error), usages: [`${prefix} ${invalid.spec.pattern}`] };
  const most = Math.max(0, ...near.map((n) => n.attempt.literals));
  const closest = near.filter((n) => n.attempt.literals === most);
  const [first] = closest;
  if (first) {
    return {
      ok: false,
      error: first.attempt.problem ?? 'invalid command',
      usages: closest.map((n) => `${prefix} ${n.spec.pattern}`),
    };
  }
  const word = tokens[0];
  return { ok: false, error: word === undefined ? 'no command given' : `unknown command \`${word}\``, usages: [] };
}
