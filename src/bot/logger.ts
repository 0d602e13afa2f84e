import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths whose values are credentials. pino replaces them before a line is written; the error serializer
 * below also drops request configs (axios errors carry the `authorization` header in `config`).
 */
export const redactedPaths = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'secrets',
  '*.secrets',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'databaseUrl',
  '*.databaseUrl',
];

const credentialInText =
  /(xox[abpr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|API [A-Za-z0-9._~+/=-]{8,}|postgres(?:ql)?:\/\/[^:\s]+:)[^\s@'"]*/g;

/** Masks tokens that leak into free text (error messages, stack traces). */
export function scrubCredentials(text: string): string {
  return text.replace(credentialInText, (_match, prefix: string) => {
    if (prefix.startsWith('postgres')) return `${prefix}[redacted]`;
    if (prefix.startsWith('API ')) return 'API [redacted]';
    return `${prefix.slice(0, 5)}[redacted]`;
  });
}

function serializeError(error: unknown): object {
  if (!(error instanceof Error)) return { message: scrubCredentials(String(error)) };
  const extra = error as Error & { code?: unknown; status?: unknown; cause?: unknown; data?: { error?: unknown } };
  return {
    type: error.name,
    message: scrubCredentials(error.message),
    ...(extra.code !== undefined ? { code: String(extra.code) } : {}),
    ...(typeof extra.status === 'number' ? { status: extra.status } : {}),
    ...(typeof extra.data?.error === 'string' ? { slackError: extra.data.error } : {}),
    ...(error.stack ? { stack: scrubCredentials(error.stack) } : {}),
    ...(extra.cause !== undefined ? { cause: serializeError(extra.cause) } : {}),
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'pipeops' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
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
      const errors = msg.filter((m) => m instanceof Error);
      const text = scrubCredentials(
        msg
          .filter((m) => !(m instanceof Error))
          .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
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
      child.level = boltLevels[level] ?? 'info';
    },
    getLevel: () =>
      (Object.entries(boltLevels).find(([, name]) => name === child.level)?.[0] as LogLevel) ?? LogLevel.INFO,
    setName: () => {},
  };
}
