import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const CHANNEL = /^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/;

/** The alerting variables, merged into the bot's environment schema (config.ts). */
export const AlertEnvShape = {
  PIPEOPS_ALERT_RULES: optionalText,
  PIPEOPS_ALERT_CHANNEL: optionalText.pipe(
    z.string().regex(CHANNEL, 'must be a channel id (C…, G…) or #channel-name').optional(),
  ),
  PIPEOPS_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  ALERTMANAGER_WEBHOOK_TOKEN: optionalText.pipe(
    z
      .string()
      .min(16, 'must be at least 16 characters (it is the only thing protecting the endpoint)')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
  ),
  ALERTMANAGER_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(9095),
  ALERTMANAGER_WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
  ALERTMANAGER_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  /**
   * Hosts (`host` or `host:port`, comma-separated) whose Alertmanager a notification's `externalURL` may name.
   * Without ALERTMANAGER_URL, silences go there; any other host is refused, since whoever holds the webhook
   * token could otherwise make pipeops send requests to any internal address.
   */
  ALERTMANAGER_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(/[\s,]+/)
        .filter((host) => host !== '')
        .map((host) => host.toLowerCase()),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/,
            'each entry must be host or host:port (no scheme, no path)',
          ),
      ),
    ),
  ALERTMANAGER_API_TOKEN: optionalText,
  ALERTMANAGER_API_USER: optionalText,
  ALERTMANAGER_API_PASSWORD: optionalText,
};

type AlertEnv = z.output<z.ZodObject<typeof AlertEnvShape>>;

export interface AlertConfig {
  /** YAML/JSON rules file; unset: the shipped default rules. */
  rulesFile?: string;
  /** Default channel for alerts (Slack modes; the console uses its own channel). */
  channel?: string;
  /** How often the rules are evaluated; 0 turns the metric rules off. */
  intervalMs: number;
  /** The Alertmanager webhook endpoint (`POST /alerts/alertmanager`), when a token is configured. */
  webhook: { token: string; host: string; port: number } | null;
  /** Alertmanager's API, for the silences that Acknowledge and Snooze create. */
  alertmanagerApi: {
    url: string;
    bearerToken?: string;
    basicAuth?: { username: string; password: string };
  } | null;
  /** ALERTMANAGER_ALLOWED_HOSTS, lower-cased: the `externalURL` hosts silences may go to without ALERTMANAGER_URL. */
  allowedExternalHosts: string[];
}

/** Reads the alerting part of the environment; cross-variable problems are pushed onto `problems`. */
export function pickAlertConfig(env: AlertEnv, problems: string[]): AlertConfig {
  const basic = env.ALERTMANAGER_API_USER !== undefined || env.ALERTMANAGER_API_PASSWORD !== undefined;
  if (basic && (env.ALERTMANAGER_API_USER === undefined || env.ALERTMANAGER_API_PASSWORD === undefined)) {
    problems.push('ALERTMANAGER_API_USER and ALERTMANAGER_API_PASSWORD: set both for basic auth, or neither');
  }
  if (basic && env.ALERTMANAGER_API_TOKEN) {
    problems.push('ALERTMANAGER_API_TOKEN: use either a bearer token or ALERTMANAGER_API_USER/PASSWORD, not both');
  }
  if (!env.ALERTMANAGER_URL && (basic || env.ALERTMANAGER_API_TOKEN)) {
    problems.push('ALERTMANAGER_URL: required when Alertmanager API credentials are set');
  }
  return {
    ...(env.PIPEOPS_ALERT_RULES ? { rulesFile: env.PIPEOPS_ALERT_RULES } : {}),
    ...(env.PIPEOPS_ALERT_CHANNEL ? { channel: env.PIPEOPS_ALERT_CHANNEL } : {}),
    intervalMs: env.PIPEOPS_ALERT_INTERVAL_SECONDS * 1000,
    webhook: env.ALERTMANAGER_WEBHOOK_TOKEN
      ? {
          token: env.ALERTMANAGER_WEBHOOK_TOKEN,
          host: env.ALERTMANAGER_WEBHOOK_HOST,
          port: env.ALERTMANAGER_WEBHOOK_PORT,
        }
      : null,
    alertmanagerApi: env.ALERTMANAGER_URL
      ? {
          url: env.ALERTMANAGER_URL,
          ...(env.ALERTMANAGER_API_TOKEN ? { bearerToken: env.ALERTMANAGER_API_TOKEN } : {}),
          ...(env.ALERTMANAGER_API_USER && env.ALERTMANAGER_API_PASSWORD
            ? { basicAuth: { username: env.ALERTMANAGER_API_USER, password: env.ALERTMANAGER_API_PASSWORD } }
            : {}),
        }
      : null,
    allowedExternalHosts: env.ALERTMANAGER_ALLOWED_HOSTS,
  };
}
