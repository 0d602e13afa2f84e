import { z } from 'zod';
import { type AlertConfig, AlertEnvShape, pickAlertConfig } from './alerts/alert-config.js';

/** A configuration problem, listing every bad or missing variable (never their values). */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const slackId = /^[UWS][A-Z0-9]{2,}$/;

const idList = z
  .string()
  .default('')
  .transform((text) => text.split(/[\s,]+/).filter((id) => id !== ''))
  .pipe(z.array(z.string().regex(slackId, 'each entry must be a Slack user id (U…, W…) or user-group id (S…)')));

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_ID: optionalText,
  SLACK_BOT_USER_ID: optionalText,
  SLACK_COMMAND: optionalText.pipe(
    z
      .string()
      .regex(/^\/[a-z0-9_-]{1,31}$/, 'must look like /pipeline')
      .optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PIPELINE_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  PIPELINE_API_KEY: optionalText,
  PIPELINE_ACCOUNT: optionalText,
  PIPELINE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  PIPELINE_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PIPEOPS_DATA_DIR: z.string().min(1).default('.pipeops'),
  PIPEOPS_PROPOSERS: idList,
  PIPEOPS_APPROVERS: idList,
  PIPEOPS_CHANGE_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...AlertEnvShape,
});

export type SlackMode =
  | { mode: 'console' }
  | { mode: 'socket'; botToken: string; appToken: string; botId?: string; botUserId?: string }
  | { mode: 'http'; botToken: string; signingSecret: string; port: number; botId?: string; botUserId?: string };

export type PipelineTarget =
  | { kind: 'sandbox'; port: number }
  | { kind: 'http'; baseUrl: string; apiKey: string; accountName?: string; timeoutMs: number; retries: number };

export interface Config {
  slack: SlackMode;
  command: string;
  pipeline: PipelineTarget;
  database: { url?: string; dataDir: string };
  access: { proposers: string[]; approvers: string[] };
  changeTtlMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  alerts: AlertConfig;
}

function pickSlack(env: z.infer<typeof EnvSchema>, problems: string[]): SlackMode {
  const ids = {
    ...(env.SLACK_BOT_ID ? { botId: env.SLACK_BOT_ID } : {}),
    ...(env.SLACK_BOT_USER_ID ? { botUserId: env.SLACK_BOT_USER_ID } : {}),
  };
  if (!env.SLACK_BOT_TOKEN) {
    if (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) {
      problems.push('SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
    }
    return { mode: 'console' };
  }
  if (env.SLACK_APP_TOKEN)
    return { mode: 'socket', botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, ...ids };
  if (env.SLACK_SIGNING_SECRET) {
    return {
      mode: 'http',
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      port: env.PORT,
      ...ids,
    };
  }
  problems.push(
    'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (Socket Mode or HTTP mode)',
  );
  return { mode: 'console' };
}

function pickPipeline(env: z.infer<typeof EnvSchema>, problems: string[]): PipelineTarget {
  if (!env.PIPELINE_URL) {
    if (env.PIPELINE_API_KEY) problems.push('PIPELINE_URL: required when PIPELINE_API_KEY is set');
    return { kind: 'sandbox', port: env.SANDBOX_PORT };
  }
  if (!env.PIPELINE_API_KEY) problems.push('PIPELINE_API_KEY: required when PIPELINE_URL is set');
  return {
    kind: 'http',
    baseUrl: env.PIPELINE_URL,
    apiKey: env.PIPELINE_API_KEY ?? '',
    ...(env.PIPELINE_ACCOUNT ? { accountName: env.PIPELINE_ACCOUNT } : {}),
    timeoutMs: env.PIPELINE_TIMEOUT_MS,
    retries: env.PIPELINE_RETRIES,
  };
}

/**
 * Reads and checks the whole configuration from `env` (process.env in production, a plain object in tests).
 * Throws one ConfigError listing every problem, so a misconfigured deploy is fixed in one go.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const problems: string[] = [];
  const values = parsed.data;
  const slack = pickSlack(values, problems);
  const pipeline = pickPipeline(values, problems);
  const alerts = pickAlertConfig(values, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    slack,
    command: values.SLACK_COMMAND ?? '/pipeline',
    pipeline,
    database: { ...(values.DATABASE_URL ? { url: values.DATABASE_URL } : {}), dataDir: values.PIPEOPS_DATA_DIR },
    access: { proposers: values.PIPEOPS_PROPOSERS, approvers: values.PIPEOPS_APPROVERS },
    changeTtlMs: values.PIPEOPS_CHANGE_TTL_MINUTES * 60_000,
    logLevel: values.LOG_LEVEL,
    alerts,
  };
}
