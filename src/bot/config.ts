import { z } from 'zod';
import { parseSealedBoxKey, SealedBoxError } from '../services/secrets/sealed-box.js';
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

/** `1`/`true`/`yes` or `0`/`false`/`no` (or unset). */
const flag = optionalText.pipe(
  z
    .enum(['1', 'true', 'yes', '0', 'false', 'no'], { error: 'must be 1 or 0' })
    .optional()
    .transform((value) => value === '1' || value === 'true' || value === 'yes'),
);

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
  /** Slack Web API base URL instead of https://slack.com/api/: for tests and benchmarks against a local fake. */
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
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
  // `npm start` sets production; anything else (dev, tests, the CLI) runs the debugging checks.
  NODE_ENV: optionalText,
  PIPEOPS_PROPOSERS: idList,
  PIPEOPS_APPROVERS: idList,
  PIPEOPS_CHANGE_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  PIPEOPS_INSTANCE_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits, . _ : - (at most 100)')
      .optional(),
  ),
  PIPEOPS_APPLY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  PIPEOPS_APPROVALS: z
    .string()
    .default('')
    .transform((text) => text.split(/[\s,]+/).filter((entry) => entry !== ''))
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[a-z][a-z0-9_.-]*=[1-9]$/, 'each entry must be <change kind>=<approvals 1-9>, e.g. input.delete=3'),
      ),
    )
    .transform((entries) =>
      Object.fromEntries(entries.map((entry) => [entry.split('=')[0], Number(entry.split('=')[1])])),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Encrypts values waiting for approval (`secret set`); without it `secret set` is disabled. Never logged. */
  PIPEOPS_SECRETS_KEY: optionalText.superRefine((key, ctx) => {
    if (key === undefined) return;
    try {
      parseSealedBoxKey(key);
    } catch (error) {
      if (!(error instanceof SealedBoxError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  }),
  /** `1`: run in a Slack mode against the embedded sandbox pipeline on purpose (every message then says SANDBOX). */
  PIPEOPS_SANDBOX: flag,
  /** Socket Mode and the console: where /healthz, /readyz and /metrics are served; unset: not served. */
  PIPEOPS_HTTP_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  PIPEOPS_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** SIGTERM: how long in-flight work may take before the process exits anyway. */
  PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** Minutes between drift checks (changes made outside pipeops); 0 turns drift detection off. */
  PIPEOPS_DRIFT_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(10),
  /** The key of drift detection's credential fingerprints (HMAC); unset: derived from PIPEOPS_SECRETS_KEY, else kept in the database. Never logged. */
  PIPEOPS_DRIFT_KEY: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  /** Days of audit log and alert thread history to keep; unset: kept forever. */
  PIPEOPS_AUDIT_RETENTION_DAYS: optionalText.pipe(z.coerce.number<string | undefined>().int().min(1).optional()),
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
  /** checkTransactionUse: refuse a transaction's callback using the Database itself (off in production). */
  database: { url?: string; dataDir: string; checkTransactionUse: boolean };
  access: { proposers: string[]; approvers: string[] };
  changeTtlMs: number;
  workflow: { instanceId?: string; applyLeaseMs: number; approvalsByKind: Record<string, number> };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  alerts: AlertConfig;
  /** SLACK_API_URL, ending in `/`; absent = Slack itself. */
  slackApiUrl?: string;
  /** PIPEOPS_SECRETS_KEY (validated: 32 bytes as hex or base64); absent = sealed proposals (`secret set`) disabled. */
  secretsKey?: string;
  /**
   * A Slack mode on the embedded sandbox pipeline (PIPEOPS_SANDBOX=1): every message, reply and App Home must
   * say SANDBOX, so that nobody approves a change believing it reaches the real pipeline.
   */
  announceSandbox: boolean;
  /** PIPEOPS_HTTP_HOST/PORT: the operator endpoints' own server (Socket Mode, console); absent: not served. */
  operatorHttp?: { host: string; port: number };
  /** PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS in ms: the bound on a graceful shutdown. */
  shutdownTimeoutMs: number;
  /** PIPEOPS_AUDIT_RETENTION_DAYS; absent = audit and alert history kept forever. */
  auditRetentionDays?: number;
  /** Drift detection: how often (0 = off) and PIPEOPS_DRIFT_KEY (absent: derived or kept in the database). */
  drift: { intervalMs: number; key?: string };
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
 * With Slack tokens and no PIPELINE_URL, pipeops would run against its embedded sandbox: one forgotten variable
 * and a team approves changes to nothing. In Slack modes the sandbox must be asked for (PIPEOPS_SANDBOX=1).
 */
function checkSandboxIsDeliberate(env: z.infer<typeof EnvSchema>, slack: SlackMode, problems: string[]): void {
  if (env.PIPEOPS_SANDBOX && env.PIPELINE_URL) {
    problems.push('PIPEOPS_SANDBOX: set to 1 together with PIPELINE_URL; choose the sandbox or the pipeline');
  }
  if (slack.mode !== 'console' && !env.PIPELINE_URL && !env.PIPEOPS_SANDBOX) {
    problems.push(
      'PIPELINE_URL: required with Slack tokens (without it pipeops would run against its embedded sandbox ' +
        'pipeline); to do that on purpose, set PIPEOPS_SANDBOX=1',
    );
  }
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
  checkSandboxIsDeliberate(values, slack, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    slack,
    command: values.SLACK_COMMAND ?? '/pipeline',
    pipeline,
    database: {
      ...(values.DATABASE_URL ? { url: values.DATABASE_URL } : {}),
      dataDir: values.PIPEOPS_DATA_DIR,
      checkTransactionUse: values.NODE_ENV !== 'production',
    },
    access: { proposers: values.PIPEOPS_PROPOSERS, approvers: values.PIPEOPS_APPROVERS },
    changeTtlMs: values.PIPEOPS_CHANGE_TTL_MINUTES * 60_000,
    workflow: {
      ...(values.PIPEOPS_INSTANCE_ID ? { instanceId: values.PIPEOPS_INSTANCE_ID } : {}),
      applyLeaseMs: values.PIPEOPS_APPLY_LEASE_SECONDS * 1000,
      approvalsByKind: values.PIPEOPS_APPROVALS,
    },
    logLevel: values.LOG_LEVEL,
    alerts,
    ...(values.SLACK_API_URL ? { slackApiUrl: values.SLACK_API_URL.replace(/\/?$/, '/') } : {}),
    ...(values.PIPEOPS_SECRETS_KEY ? { secretsKey: values.PIPEOPS_SECRETS_KEY } : {}),
    announceSandbox: slack.mode !== 'console' && pipeline.kind === 'sandbox',
    ...(values.PIPEOPS_HTTP_PORT !== undefined
      ? { operatorHttp: { host: values.PIPEOPS_HTTP_HOST, port: values.PIPEOPS_HTTP_PORT } }
      : {}),
    shutdownTimeoutMs: values.PIPEOPS_SHUTDOWN_TIMEOUT_SECONDS * 1000,
    ...(values.PIPEOPS_AUDIT_RETENTION_DAYS !== undefined
      ? { auditRetentionDays: values.PIPEOPS_AUDIT_RETENTION_DAYS }
      : {}),
    drift: {
      intervalMs: values.PIPEOPS_DRIFT_INTERVAL_MINUTES * 60_000,
      ...(values.PIPEOPS_DRIFT_KEY ? { key: values.PIPEOPS_DRIFT_KEY } : {}),
    },
  };
}
