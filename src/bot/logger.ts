import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskCredentialText } from '../services/credentials/credential-values.js';
import { maskLogFields } from '../services/credentials/mask-log-fields.js';
import { slackLogText } from './slack-log-redaction.js';

const LOG_PLACEHOLDER = '[redacted]';

/**
 * Masks credentials that leak into free text (error messages, stack traces, log messages): tokens, URL
 * passwords, `password=…`, `authorization: API …`, PEM blocks, JWTs — the vocabulary of stored snapshots.
 */
export function scrubCredentials(text: string): string {
  return maskCredentialText(text, LOG_PLACEHOLDER);
}

/**
 * Errors keep their type, message, code and status, scrubbed; the rest (axios errors carry the request
 * config with the `authorization` header) is dropped. A plain object here was already masked by `maskFields`.
 */
function serializeError(error: unknown): object {
  if (typeof error === 'object' && error !== null && !(error instanceof Error)) return error;
  if (!(error instanceof Error)) return { message: scrubCredentials(String(error)) };
  const extra = error as Error & { code?: unknown; status?: unknown; cause?: unknown; data?: { error?: unknown } };
  return {
    type: error.name,
    message: scrubCredentials(error.message),
    ...(extra.code !== undefined ? { code: String(extra.code) } : {}),
    ...(typeof extra.status === 'number' ? { status: extra.status } : {}),
    ...(typeof extra.data?.error === 'string' ? { slackError: extra.data.error } : {}),
    ...(error.stack ? { stack: scrubCredentials(error.stack) } : {}),
    ...(extra.cause !== undefined ? { cause: serializeCause(extra.cause) } : {}),
  };
}

function serializeCause(cause: unknown): unknown {
  return cause instanceof Error ? serializeError(cause) : maskFields({ cause }).cause;
}

/** Bounds of the masking walk over a log line's fields: deep or huge objects are cut, not walked. */
const MASK_LIMITS = { maxDepth: 6, maxNodes: 500 };

/**
 * Every logged object (a line's fields and a child's bindings) masked by key and by value before pino writes
 * it. pino's `redact` only takes fixed paths; this is the same key vocabulary as snapshots, at any depth.
 */
function maskFields(fields: object): Record<string, unknown> {
  return maskLogFields(fields, { placeholder: LOG_PLACEHOLDER, serializeError, ...MASK_LIMITS });
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return withMaskedChildBindings(
    pino(
      {
        level,
        base: { app: 'pipeops' },
        serializers: { err: serializeError, error: serializeError },
        formatters: { log: maskFields, bindings: maskFields },
        hooks: {
          // The message and printf-style arguments are scrubbed as text (objects go through maskFields).
          logMethod(args, method) {
            // `logger.error(err)` logs err.message as the message: scrub that too.
            const [first, ...rest] = args as unknown[];
            const expanded =
              first instanceof Error ? [{ err: first }, ...(rest.length > 0 ? rest : [first.message])] : args;
            const scrubbed = expanded.map((arg) => (typeof arg === 'string' ? scrubCredentials(arg) : arg));
            method.apply(this, scrubbed as Parameters<typeof method>);
          },
        },
      },
      destination,
    ),
  );
}

/**
 * pino formats only the root's bindings (`formatters.bindings`), not a child's: mask a child's bindings as it is
 * made. Children inherit the override through pino's prototype chain, so grandchildren are covered too.
 */
function withMaskedChildBindings(logger: Logger): Logger {
  const makeChild = logger.child;
  logger.child = function child(this: Logger, bindings, options) {
    return makeChild.call(this, maskFields(bindings), options);
  } as Logger['child'];
  return logger;
}

const boltLevels: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's Logger interface over pino, so that Bolt's own lines get the same redaction and format. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      // Bolt logs every request at debug: formatting (redacting a body) that no one will see costs each request.
      if (!child.isLevelEnabled(level)) return;
      const errors = msg.filter((m) => m instanceof Error);
      const text = scrubCredentials(
        msg
          .filter((m) => !(m instanceof Error))
          .map(slackLogText)
          .join(' '),
      );
      if (errors[0]) child[level]({ err: errors[0] }, text);
      else child[level](text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level: LogLevel) => {
      // Bolt and the WebClient ask for INFO on their own; LOG_LEVEL=debug/trace keeps their debug lines (redacted
      // by slackLogText) for whoever is debugging.
      child.level = logger.isLevelEnabled('debug') ? logger.level : (boltLevels[level] ?? 'info');
    },
    getLevel: () =>
      (Object.entries(boltLevels).find(([, name]) => name === child.level)?.[0] as LogLevel) ?? LogLevel.INFO,
    setName: () => {},
  };
}
