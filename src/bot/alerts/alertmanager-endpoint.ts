import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  type AlertmanagerWebhook,
  parseAlertmanagerWebhook,
} from '../../services/alerts/alertmanager/alertmanager-payload.js';
import { readAlertmanagerGroup } from './read-alertmanager-group.js';

/** Where Alertmanager's webhook receiver posts (`webhook_configs[].url` ends with this path). */
export const ALERTMANAGER_PATH = '/alerts/alertmanager';

export interface AlertmanagerEndpointOptions {
  /** Expected as `Authorization: Bearer <token>`, what Alertmanager sends for `http_config.authorization.credentials`. */
  token: string;
  logger: Logger;
  /** Stores the notification; resolves once it is safe to answer 200 (Alertmanager retries anything else). */
  onNotification(payload: AlertmanagerWebhook): Promise<void>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `POST /alerts/alertmanager`: bearer token (constant-time compare) → the body read as it streams, only once the
 * token matched, keeping MAX_KEPT_ALERTS alerts of a group of any size (see readAlertmanagerGroup) → zod-validated
 * v4 payload → stored. 401 without the right token, 400 for anything that is not a v4 notification (nothing is
 * stored or posted then), 413 beyond GROUP_READ_LIMITS, 500 when storing failed (Alertmanager will retry).
 * Neither the token nor the Authorization header is ever logged.
 */
export function createAlertmanagerHandler(options: AlertmanagerEndpointOptions): RequestHandler {
  const expected = digest(options.token);
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'alertmanager notification failed');
      reply(res, 500, { error: 'internal_error', message: 'Could not store the notification; retry.' });
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.method ?? 'GET').toUpperCase() !== 'POST') {
      res.setHeader('allow', 'POST');
      reply(res, 405, { error: 'method_not_allowed', message: `${ALERTMANAGER_PATH} accepts POST only` });
      return;
    }
    if (!authorized(req.headers.authorization, expected)) {
      req.resume();
      res.setHeader('www-authenticate', 'Bearer realm="pipeops"');
      options.logger.warn(
        { remote: req.socket.remoteAddress },
        'alertmanager notification refused: bad or missing token',
      );
      reply(res, 401, { error: 'unauthorized', message: 'Missing or wrong bearer token' });
      return;
    }
    const read = await readAlertmanagerGroup(req);
    if (!read.ok) {
      if (read.reason === 'aborted') return;
      options.logger.warn({ problem: read.message }, `alertmanager notification refused: ${read.reason}`);
      // Reading stopped where the body went wrong: the rest is not read, the connection is dropped after the answer.
      res.setHeader('connection', 'close');
      res.once('finish', () => req.destroy());
      if (read.reason === 'too_large') reply(res, 413, { error: 'payload_too_large', message: read.message });
      else reply(res, 400, { error: 'bad_request', message: read.message });
      return;
    }
    const parsed = parseAlertmanagerWebhook(read.body, read.omitted);
    if (!parsed.ok) {
      options.logger.warn({ problems: parsed.problems }, 'alertmanager notification refused: not a v4 payload');
      reply(res, 400, {
        error: 'bad_request',
        message: 'Not an Alertmanager v4 notification',
        problems: parsed.problems,
      });
      return;
    }
    const { payload } = parsed;
    options.logger.info(
      { receiver: payload.receiver, groupKey: payload.groupKey, status: payload.status, alerts: payload.alerts.length },
      'alertmanager notification',
    );
    await options.onNotification(payload);
    reply(res, 200, { ok: true });
  }
}

/** Comparing fixed-size digests keeps the compare constant-time whatever the length of what was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), expected);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
