import { performance } from 'node:perf_hooks';
import type { AnyMiddlewareArgs, App, ReceiverEvent } from '@slack/bolt';
import { parseCommand } from '../../handlers/commands/command-grammar.js';
import { pipelineCommands } from '../../handlers/commands/pipeline-commands.js';
import { tokenize } from '../../handlers/commands/tokenize.js';
import type { InFlightRequests } from './in-flight-requests.js';
import type { PipeopsMetrics, SlackRequestType } from './metrics.js';

export interface SlackInstrumentation {
  metrics?: PipeopsMetrics;
  inFlight?: InFlightRequests;
}

/** An identifier we declared (action ids, callback ids, event types), else `other`: label values stay bounded. */
const DECLARED_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

type Body = Record<string, unknown>;

function requestType(body: Body): SlackRequestType {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'event_callback':
      return 'event';
    case 'block_suggestion':
      return 'options';
    default:
      return 'other';
  }
}

function declared(name: unknown): string {
  return typeof name === 'string' && DECLARED_NAME.test(name) ? name : 'other';
}

/** The request's name: the /pipeline pattern that matched (`input pause <input>`), an action id, a callback id, … */
function requestName(type: SlackRequestType, body: Body): { name: string; usageError: boolean } {
  switch (type) {
    case 'command': {
      const tokens = tokenize(String(body.text ?? ''));
      if (tokens.length === 0) return { name: 'help', usageError: false };
      const parsed = parseCommand(pipelineCommands, tokens, String(body.command));
      return parsed.ok ? { name: parsed.spec.pattern, usageError: false } : { name: 'unparsed', usageError: true };
    }
    case 'action': {
      const [action] = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
      return { name: declared(action?.action_id), usageError: false };
    }
    case 'view':
      return { name: declared((body.view as { callback_id?: unknown } | undefined)?.callback_id), usageError: false };
    case 'shortcut':
    case 'options':
      return { name: declared(body.callback_id ?? body.action_id), usageError: false };
    case 'event':
      return { name: declared((body.event as { type?: unknown } | undefined)?.type), usageError: false };
    default:
      return { name: 'other', usageError: false };
  }
}

/**
 * Counts a slash command its receiver answered entirely in the acknowledgement (help, a usage error), which Bolt
 * never ran: named and judged as the middleware below would have.
 */
export function countCommandAnsweredInAck(metrics: PipeopsMetrics, body: Body): void {
  const { name, usageError } = requestName('command', body);
  metrics.slackRequests.inc({ type: 'command', name, outcome: usageError ? 'usage_error' : 'ok' });
}

/**
 * Observes every request the app handles, whatever its receiver (HTTP, Socket Mode, the console):
 * - at `processEvent` (what receivers call): the time until the ack, and the request counted as in flight until
 *   its listeners are done (so that a shutdown can wait for it);
 * - as a global middleware: the request's name and outcome (`error` when a listener threw, `usage_error` when a
 *   command did not parse, else `ok`).
 */
export function instrumentSlackApp(app: App, { metrics, inFlight }: SlackInstrumentation): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const started = performance.now();
    const type = requestType(event.body);
    let acked = false;
    const ack: ReceiverEvent['ack'] = (...args) => {
      if (!acked) {
        acked = true;
        metrics?.ackLatency.observe({ type }, (performance.now() - started) / 1000);
      }
      return event.ack(...args);
    };
    const run = async () => {
      metrics?.inFlight.inc();
      try {
        await processEvent({ ...event, ack });
      } finally {
        metrics?.inFlight.dec();
      }
    };
    return inFlight ? inFlight.track(run) : run();
  };
  if (!metrics) return;
  app.use(async (args: AnyMiddlewareArgs & { next: () => Promise<void> }) => {
    const body = args.body as Body;
    const type = requestType(body);
    const { name, usageError } = requestName(type, body);
    try {
      await args.next();
    } catch (error) {
      metrics.slackRequests.inc({ type, name, outcome: 'error' });
      throw error;
    }
    metrics.slackRequests.inc({ type, name, outcome: usageError ? 'usage_error' : 'ok' });
  });
}
