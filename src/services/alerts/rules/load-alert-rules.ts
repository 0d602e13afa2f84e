import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { type AlertRule, AlertRulesFileSchema, normalizeRules } from './alert-rule.js';
import { DEFAULT_ALERT_RULES_READ, DEFAULT_ALERT_RULES_YAML } from './default-rules.js';

/** A rules file that cannot be used, with every problem located (`rules[2] (latency).threshold: …`). */
export class AlertRulesError extends Error {
  readonly source: string;
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`Alert rules in ${source} are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AlertRulesError';
    this.source = source;
    this.problems = problems;
  }
}

/** Parses and validates rules from YAML or JSON text (JSON is YAML). `source` names it in errors. */
export function parseAlertRules(text: string, source: string): AlertRule[] {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new AlertRulesError(source, [`not valid YAML or JSON: ${message}`]);
  }
  if (raw === null || raw === undefined) throw new AlertRulesError(source, ['the file is empty; expected `rules:`']);
  const parsed = AlertRulesFileSchema.safeParse(raw);
  if (!parsed.success) throw new AlertRulesError(source, describeIssues(parsed.error, raw));
  return normalizeRules(parsed.data);
}

/** The rules in `path`, or the shipped defaults when no path is given. */
export async function loadAlertRules(path: string | undefined): Promise<AlertRule[]> {
  if (path === undefined) return defaultAlertRules();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AlertRulesError(path, [code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? String(error)})`]);
  }
  return parseAlertRules(text, path);
}

/** The shipped rules, each call a copy of its own (read at build time in the bundle, else from the YAML). */
export function defaultAlertRules(): AlertRule[] {
  if (DEFAULT_ALERT_RULES_READ) return structuredClone([...DEFAULT_ALERT_RULES_READ]);
  return parseAlertRules(DEFAULT_ALERT_RULES_YAML, 'the default rules');
}

/** `rules[1] (latency).threshold: expected a number` — the rule's id helps find it in a long file. */
function describeIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const path = issue.path
      .map((part, index) => {
        if (typeof part !== 'number') return `${index === 0 ? '' : '.'}${String(part)}`;
        const id = issue.path[0] === 'rules' && index === 1 ? ruleId(raw, part) : undefined;
        return `[${part}]${id ? ` (${id})` : ''}`;
      })
      .join('');
    return `${path || '(top level)'}: ${issue.message}`;
  });
}

function ruleId(raw: unknown, index: number): string | undefined {
  const rules = (raw as { rules?: unknown } | null)?.rules;
  const rule = Array.isArray(rules) ? (rules[index] as { id?: unknown } | undefined) : undefined;
  return typeof rule?.id === 'string' ? rule.id : undefined;
}
