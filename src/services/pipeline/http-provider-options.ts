import { z } from 'zod';

/** The two log methods the provider uses; a pino logger fits (object first, message second). */
export interface PipelineRequestLogger {
  debug(context: object, message: string): void;
  warn(context: object, message: string): void;
}

const LoggerSchema = z.custom<PipelineRequestLogger>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).debug === 'function' &&
    typeof (value as Record<string, unknown>).warn === 'function',
  { message: 'logger must have debug() and warn() methods (a pino logger works)' },
);

/** Strict, so a misspelt option (`timeout` for `timeoutMs`) fails instead of being ignored. */
export const HttpPipelineProviderOptionsSchema = z.strictObject({
  /** e.g. `https://app.alooma.com`; the REST root is derived from it (see rest-url.ts). */
  baseUrl: z.url({ protocol: /^https?$/, message: 'baseUrl must be an http(s) URL' }),
  apiKey: z.string().min(1, 'apiKey must not be empty'),
  accountName: z
    .string()
    .min(1)
    .regex(/^[^/?#\s]+$/, 'accountName must be a single path segment')
    .optional(),
  /** Per-request deadline, the reference client's DEFAULT_TIMEOUT (60 s). */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Deadline for `POST event-types/{name}/mapping`, the reference client's set_mapping timeout (300 s). */
  mappingTimeoutMs: z.number().int().positive().default(300_000),
  /** Deadline for `DELETE event-types/{name}/clear-stats`, the reference client's 300 s (MA mappings.py:1085). */
  clearStatsTimeoutMs: z.number().int().positive().default(300_000),
  /** Extra attempts for idempotent calls (GET, PUT) after a network error, a timeout or 502/503/504. */
  retries: z.number().int().min(0).max(10).default(2),
  /** First backoff delay; it doubles on every further retry. */
  retryBaseDelayMs: z.number().int().min(0).default(250),
  logger: LoggerSchema.optional(),
});

export type HttpPipelineProviderOptions = z.input<typeof HttpPipelineProviderOptionsSchema>;
export type HttpPipelineProviderConfig = z.output<typeof HttpPipelineProviderOptionsSchema>;

/** Validates the options; the message lists every problem and never echoes the API key. */
export function parseHttpPipelineProviderOptions(options: unknown): HttpPipelineProviderConfig {
  const result = HttpPipelineProviderOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
  throw new TypeError(`Invalid HTTP pipeline provider options: ${problems.join('; ')}`);
}
