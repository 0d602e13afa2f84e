import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type App,
  type Logger as BoltLogger,
  type CustomRoute,
  ErrorCode,
  HTTPModuleFunctions,
  HTTPReceiver,
  HTTPResponseAck,
  type Receiver,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '../../handlers/storable-text.js';
import { turnGate } from '../../services/next-turn.js';
import { AcksFirstQueue } from './acks-first-queue.js';
import { type DeliveryLedger, deliveryKey } from './delivery-ledger.js';
import { readLimitedBody } from './read-limited-body.js';
import { parseSlackBody, type SlackBody } from './slack-body.js';
import { verifySlackSignature } from './slack-signature.js';

/**
 * Slack publishes no maximum, but its own limits bound what it sends: a modal's view_submission carries at most
 * 100 blocks and their input values (≤ 3,000 characters each), a message at most 50 blocks. That stays well under
 * 1 MiB even form-encoded; anything larger is not from Slack.
 */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

export interface StrictHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Bolt's view of the same logger, for the parts of Bolt this receiver reuses (acks, custom routes). */
  boltLogger: BoltLogger;
  ledger: DeliveryLedger;
  /** Where Slack posts events, commands and interactivity. */
  endpoints?: string[];
  /** Served as by Bolt's HTTPReceiver (the Alertmanager webhook). */
  customRoutes?: CustomRoute[];
  /** Answer only once every listener has finished (tests); by default the answer goes out at `ack()`. */
  processBeforeResponse?: boolean;
  /**
   * Slash commands acknowledged at once, before Bolt sees them: what the acknowledgement says, as JSON (undefined:
   * empty), and whether that is the whole answer. If it is (help, a usage error), Bolt never sees the command: its
   * middleware chain would only find that out again, and in a burst of help those runs cost more than the
   * acknowledgements. Otherwise Bolt runs the command with an `ack` that does nothing, once no other Slack request is
   * being received (at most 500 ms later; AcksFirstQueue), so that in a burst every acknowledgement goes out before
   * the work of the commands acknowledged earlier. Ignored with `processBeforeResponse`.
   */
  commandAck?: (body: SlackBody) => { json: string | undefined; answered: boolean };
  maxBodyBytes?: number;
  /** Milliseconds since the epoch; injectable for the timestamp window. */
  now?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';
/** Requests verified and answered per turn of the event loop (bench/bot.bench.ts: 1 slows the acks, all stall the loop). */
const intakeTurn = turnGate(16);
/** Slack shows a command's answer; a 500 would only show "failed with the error 500". */
const COMMAND_FAILED = {
  response_type: 'ephemeral',
  text: ':warning: pipeops could not handle that command (see its logs).',
};
const JSON_TYPE = 'application/json';

/**
 * Bolt's HTTP receiver, checked as strictly as Slack signs: the body is read up to a limit while it streams (413
 * beyond it), only Slack's two content types are taken (415), the v0 signature is verified with a ±5 minute
 * window (Bolt refuses only old timestamps), the body must be a JSON object Bolt can route (400 with the reason
 * otherwise, never a 500 or a crashed process), text the database cannot store is refused with an answer Slack
 * shows, and a Slack retry or replay of a request already taken is acknowledged without being processed again.
 * Everything that is not a Slack request (custom routes, 404s) is left to Bolt's own HTTPReceiver.
 */
export class StrictHttpReceiver implements Receiver {
  readonly #options: StrictHttpReceiverOptions;
  readonly #endpoints: ReadonlySet<string>;
  readonly #others: HTTPReceiver;
  #app: App | undefined;
  #server: Server | undefined;
  /** Commands acknowledged and not yet handed to Bolt. */
  readonly #acked = new AcksFirstQueue();

  constructor(options: StrictHttpReceiverOptions) {
    this.#options = options;
    this.#endpoints = new Set(options.endpoints ?? ['/slack/events']);
    // Never sees a Slack request: those are handled above it, so its own (laxer) verification is switched off.
    this.#others = new HTTPReceiver({
      signingSecret: options.signingSecret,
      signatureVerification: false,
      endpoints: [],
      customRoutes: options.customRoutes ?? [],
      logger: options.boltLogger,
    });
  }

  init(app: App): void {
    this.#app = app;
    this.#others.init(app);
  }

  /** Listens on `port` (0: an ephemeral one) and resolves with the server. */
  start(port = 3000): Promise<Server> {
    if (this.#server) return Promise.reject(new Error('the receiver is already started'));
    const server = createServer(this.requestListener);
    // A connection accepted now is a request soon: the commands' work waits while they come (AcksFirstQueue).
    server.on('connection', () => this.#acked.arrived());
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
    // Acknowledged commands are handed to Bolt before stop() returns: a graceful shutdown then waits for them
    // as for any request in flight, instead of dropping work Slack was told was taken.
    await this.#acked.whenEmpty();
  }

  /** For mounting in a server of one's own. */
  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!this.#endpoints.has(path)) {
      this.#delegate(req, res);
      return;
    }
    if ((req.method ?? '').toUpperCase() !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      reply(res, 405, { error: 'method_not_allowed', message: `${path} accepts POST only` });
      return;
    }
    // Acknowledged commands wait while requests are being received (AcksFirstQueue).
    this.#acked.arrived();
    const received = this.#acked.receiving();
    res.once('finish', received);
    res.once('close', received);
    this.#handleSlackRequest(req, res).catch((error: unknown) => {
      this.#options.logger.error({ err: error }, 'a Slack request failed in the receiver');
      reply(res, 500, { error: 'internal_error' });
    });
  };

  #delegate(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.#others.requestListener(req, res);
    } catch (error) {
      req.resume();
      if ((error as { code?: unknown }).code === ErrorCode.HTTPReceiverDeferredRequestError) {
        reply(res, 404, { error: 'not_found' });
        return;
      }
      this.#options.logger.error({ err: error, path: req.url }, 'a request to a custom route failed');
      reply(res, 500, { error: 'internal_error' });
    }
  }

  async #handleSlackRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.#options;
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaType !== FORM && mediaType !== JSON_TYPE) {
      req.resume();
      reply(res, 415, { error: 'unsupported_media_type', message: `Slack sends ${FORM} or ${JSON_TYPE}` });
      return;
    }
    const limit = this.#options.maxBodyBytes ?? MAX_SLACK_BODY_BYTES;
    const read = await readLimitedBody(req, limit);
    if (!read.ok) {
      if (read.reason === 'too_large') {
        logger.warn({ limit }, 'Slack request refused: body too large');
        refuseAndClose(req, res, 413, {
          error: 'payload_too_large',
          message: `Requests are limited to ${limit} bytes`,
        });
      }
      return;
    }
    const rawBody = read.body;
    // A few requests per turn of the event loop: 200 arriving at once would otherwise be verified and answered in
    // one stretch, with no timer or other I/O in between.
    await intakeTurn();
    if (mediaType === FORM && isSslCheck(rawBody)) {
      // Slack's certificate check is unsigned and carries nothing to process.
      reply(res, 200, null);
      return;
    }
    const verdict = verifySlackSignature(
      this.#options.signingSecret,
      {
        timestamp: singleHeader(req, 'x-slack-request-timestamp'),
        signature: singleHeader(req, 'x-slack-signature'),
        rawBody,
      },
      this.#now(),
    );
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason, remote: req.socket.remoteAddress }, 'Slack request refused: bad signature');
      reply(res, 401, { error: 'invalid_signature', message: verdict.reason });
      return;
    }
    const parsed = parseSlackBody(rawBody, mediaType === FORM ? 'form' : 'json');
    if (!parsed.ok) {
      logger.warn({ problem: parsed.problem }, 'signed Slack request refused: malformed body');
      reply(res, 400, { error: 'bad_request', message: parsed.problem });
      return;
    }
    const body = parsed.body;
    if (body.type === 'url_verification') {
      reply(res, 200, { challenge: body.challenge });
      return;
    }
    const unstorable = findUnstorableText(body);
    if (unstorable) {
      logger.warn({ field: unstorable.join('.') }, 'signed Slack request refused: text that cannot be stored');
      reply(res, 200, unstorableAnswer(body, unstorable));
      return;
    }
    const retryNum = retryNumberOf(req);
    if (!(await this.#firstDelivery(body, rawBody, retryNum))) {
      reply(res, 200, null);
      return;
    }
    if (this.#options.commandAck && !this.#options.processBeforeResponse && typeof body.command === 'string') {
      this.#acknowledgeThenRun(res, body, this.#options.commandAck, retryNum);
      return;
    }
    await this.#dispatch(req, res, body, retryNum);
  }

  #acknowledgeThenRun(
    res: ServerResponse,
    body: SlackBody,
    commandAck: NonNullable<StrictHttpReceiverOptions['commandAck']>,
    retryNum: number | undefined,
  ): void {
    const app = this.#app;
    if (!app) throw new Error('StrictHttpReceiver used before init()');
    let answer: ReturnType<typeof commandAck>;
    try {
      answer = commandAck(body);
    } catch (error) {
      this.#options.logger.error({ err: error }, 'could not acknowledge a slash command');
      reply(res, 200, COMMAND_FAILED);
      return;
    }
    if (answer.json === undefined) reply(res, 200, null);
    else replyJson(res, 200, answer.json);
    if (answer.answered) return;
    this.#acked.push(() => {
      app
        .processEvent({
          body,
          // Already acknowledged, with what the listener's ack would have said.
          ack: async () => {},
          ...(retryNum !== undefined ? { retryNum } : {}),
          customProperties: {},
        })
        .catch((error: unknown) => {
          this.#options.logger.error({ err: error }, 'Bolt failed to process an acknowledged slash command');
        });
    });
  }

  /** False for a request already taken (here or on another replica); true when the ledger cannot tell. */
  async #firstDelivery(body: SlackBody, rawBody: Buffer, retryNum: number | undefined): Promise<boolean> {
    const key = deliveryKey(body, rawBody);
    try {
      if (await this.#options.ledger.claim(key, new Date(this.#now()))) return true;
      this.#options.logger.info({ key, retryNum }, 'Slack request already taken: acknowledged, not processed again');
      return false;
    } catch (error) {
      // Losing a command to a database hiccup is worse than the rare duplicate: the state changes it can cause
      // are conditional writes, which refuse to happen twice.
      this.#options.logger.error({ err: error, key }, 'could not record the Slack delivery; processing it anyway');
      return true;
    }
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse, body: SlackBody, retryNum: number | undefined) {
    const app = this.#app;
    if (!app) throw new Error('StrictHttpReceiver used before init()');
    const ack = new HTTPResponseAck({
      logger: this.#options.boltLogger,
      processBeforeResponse: this.#options.processBeforeResponse ?? false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryReason = singleHeader(req, 'x-slack-retry-reason');
    try {
      await app.processEvent({
        body,
        ack: ack.bind(),
        ...(retryNum !== undefined ? { retryNum } : {}),
        ...(retryReason !== undefined ? { retryReason } : {}),
        customProperties: {},
      });
      if (ack.storedResponse !== undefined && !res.headersSent) {
        HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
      }
    } catch (error) {
      this.#options.logger.error({ err: error }, 'Bolt failed to process a Slack request');
      if (!res.headersSent) {
        reply(res, 200, ack.storedResponse ?? (typeof body.command === 'string' ? COMMAND_FAILED : null));
      }
      ack.ack();
    }
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}

function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function retryNumberOf(req: IncomingMessage): number | undefined {
  const header = singleHeader(req, 'x-slack-retry-num');
  return header !== undefined && /^\d{1,4}$/.test(header) ? Number(header) : undefined;
}

function isSslCheck(rawBody: Buffer): boolean {
  return rawBody.length < 2048 && new URLSearchParams(rawBody.toString('utf8')).get('ssl_check') === '1';
}

/** What Slack shows for a request with text the database cannot store: the command's answer, or the modal's field. */
function unstorableAnswer(body: SlackBody, path: string[]): unknown {
  if (typeof body.command === 'string') {
    return { response_type: 'ephemeral', text: `:warning: The command ${UNSTORABLE_TEXT_MESSAGE}; nothing was done.` };
  }
  const [view, state, values, blockId] = path;
  if (body.type === 'view_submission' && view === 'view' && state === 'state' && values === 'values' && blockId) {
    return { response_action: 'errors', errors: { [blockId]: `This field ${UNSTORABLE_TEXT_MESSAGE}.` } };
  }
  return null;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (body === null || body === undefined) {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status);
    res.end();
    return;
  }
  replyJson(res, status, JSON.stringify(body));
}

function replyJson(res: ServerResponse, status: number, json: string): void {
  if (res.headersSent || res.destroyed) return;
  // With its length, the answer goes out as one write; without, Node chunks it (several writes per answer).
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** Answers, then drops the connection instead of reading the rest of a body we refused. */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => req.destroy());
  reply(res, status, body);
}
