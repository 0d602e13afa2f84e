import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import {
  addOmitted,
  keepGroupAlerts,
  MAX_KEPT_ALERTS,
  NO_OMITTED_ALERTS,
  type OmittedAlerts,
} from '../../services/alerts/alertmanager/large-group.js';

/** How much of a notification is read at most, and how large its parts may be. */
export interface GroupReadLimits {
  /** The whole body: beyond this the notification is refused (413) and the connection closed. */
  totalBytes: number;
  /** Everything but the alerts (receiver, labels, annotations…). */
  headBytes: number;
  /** One alert. */
  alertBytes: number;
}

export const GROUP_READ_LIMITS: GroupReadLimits = {
  totalBytes: 256 * 1024 * 1024,
  headBytes: 1024 * 1024,
  alertBytes: 256 * 1024,
};

export type GroupRead =
  | { ok: true; body: Record<string, unknown>; omitted: OmittedAlerts }
  | { ok: false; reason: 'too_large' | 'not_json' | 'aborted'; message: string };

interface Candidate {
  status: 'firing' | 'resolved';
  fingerprint: string;
  alert: unknown;
}

/**
 * Reads an Alertmanager notification as it streams, holding at most MAX_KEPT_ALERTS of its alerts (firing first,
 * see keepGroupAlerts) and counting the others, so that a group of any size is taken in bounded memory: Alertmanager
 * does not bound a group, and drops a notification refused with a 4xx. Everything outside the top-level `alerts`
 * array is kept as it is; each alert is parsed on its own.
 */
export function readAlertmanagerGroup(
  req: IncomingMessage,
  limits: GroupReadLimits = GROUP_READ_LIMITS,
): Promise<GroupRead> {
  const tooLong = `Notifications are limited to ${limits.totalBytes} bytes`;
  if (Number(req.headers?.['content-length']) > limits.totalBytes) {
    return Promise.resolve<GroupRead>({ ok: false, reason: 'too_large', message: tooLong });
  }
  return new Promise<GroupRead>((resolve) => {
    const scanner = new GroupScanner(limits);
    const decoder = new StringDecoder('utf8');
    let size = 0;
    const finish = (result: GroupRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('aborted', onAborted);
      if (!result.ok && result.reason !== 'aborted') req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.totalBytes) {
        finish({ ok: false, reason: 'too_large', message: tooLong });
        return;
      }
      const problem = scanner.push(decoder.write(chunk));
      if (problem) finish(problem);
    };
    const onEnd = () => finish(scanner.push(decoder.end()) ?? scanner.end());
    const onAborted = () => finish({ ok: false, reason: 'aborted', message: 'the request was aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('aborted', onAborted);
  });
}

type Problem = Extract<GroupRead, { ok: false }>;

/** Where the text being scanned goes: the head, the alert being read, or nowhere (between alerts). */
type Sink = 'head' | 'alert' | 'none';

/**
 * Splits the JSON text of a notification, fed in pieces, into its head (the top-level object, its `alerts` left
 * empty) and its alerts one by one. It only tracks strings and nesting; JSON.parse judges each part.
 */
class GroupScanner {
  readonly #limits: GroupReadLimits;
  #head = '';
  #alert = '';
  #sink: Sink = 'head';
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The top-level key being read (null outside one), and the last one read. */
  #key: string | null = null;
  #lastKey = '';
  #expectKey = false;
  #inAlerts = false;
  #sawAlerts = false;
  #candidates: Candidate[] = [];
  #omitted: OmittedAlerts = NO_OMITTED_ALERTS;

  constructor(limits: GroupReadLimits) {
    this.#limits = limits;
  }

  push(text: string): Problem | null {
    let from = 0;
    const flush = (to: number) => {
      if (this.#sink === 'head') this.#head += text.slice(from, to);
      else if (this.#sink === 'alert') this.#alert += text.slice(from, to);
      from = to;
    };
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (char === '\\') this.#escaped = true;
        else if (char === '"') {
          this.#inString = false;
          if (this.#key !== null) {
            this.#lastKey = this.#key;
            this.#key = null;
            this.#expectKey = false;
          }
        } else if (this.#key !== null) this.#key += char;
        continue;
      }
      const betweenAlerts = this.#inAlerts && this.#depth === 2;
      if (char === '{' || char === '[') {
        if (betweenAlerts) {
          if (char !== '{') return notJson('an alert that is not an object');
          flush(i);
          this.#sink = 'alert';
        }
        this.#depth += 1;
        if (this.#depth === 1) this.#expectKey = true;
        if (this.#depth === 2 && char === '[' && this.#lastKey === 'alerts' && !this.#sawAlerts) {
          // The head keeps `"alerts":[`; what follows up to the closing bracket is read alert by alert.
          flush(i + 1);
          this.#sink = 'none';
          this.#inAlerts = true;
          this.#sawAlerts = true;
        }
      } else if (char === '}' || char === ']') {
        this.#depth -= 1;
        if (this.#depth < 0) return notJson('unbalanced brackets');
        if (this.#inAlerts && this.#depth === 2) {
          flush(i + 1);
          this.#sink = 'none';
          const problem = this.#take(this.#alert);
          this.#alert = '';
          if (problem) return problem;
        } else if (this.#inAlerts && this.#depth === 1) {
          flush(i);
          this.#sink = 'head';
          this.#inAlerts = false;
        }
      } else if (char === '"') {
        if (betweenAlerts) return notJson('an alert that is not an object');
        this.#inString = true;
        if (this.#depth === 1 && this.#expectKey) this.#key = '';
      } else if (char === ',') {
        if (this.#depth === 1) this.#expectKey = true;
      } else if (betweenAlerts && !isSpace(char)) {
        return notJson('an alert that is not an object');
      }
    }
    flush(text.length);
    if (this.#alert.length > this.#limits.alertBytes) {
      return tooLarge(`Alerts are limited to ${this.#limits.alertBytes} bytes each`);
    }
    if (this.#head.length > this.#limits.headBytes) {
      return tooLarge(`Everything but the alerts is limited to ${this.#limits.headBytes} bytes`);
    }
    return null;
  }

  end(): GroupRead {
    if (this.#depth !== 0 || this.#inString) return notJson('The body is not JSON');
    let head: unknown;
    try {
      head = JSON.parse(this.#head);
    } catch {
      return notJson('The body is not JSON');
    }
    if (head === null || typeof head !== 'object' || Array.isArray(head)) return notJson('The body is not JSON');
    const { kept, omitted } = keepGroupAlerts(this.#candidates);
    const body = this.#sawAlerts ? { ...head, alerts: kept.map((candidate) => candidate.alert) } : head;
    return { ok: true, body: body as Record<string, unknown>, omitted: addOmitted(this.#omitted, omitted) };
  }

  #take(text: string): Problem | null {
    let alert: unknown;
    try {
      alert = JSON.parse(text);
    } catch {
      return notJson('The body is not JSON');
    }
    const fields = alert as { status?: unknown; fingerprint?: unknown };
    this.#candidates.push({
      status: fields.status === 'firing' ? 'firing' : 'resolved',
      fingerprint: typeof fields.fingerprint === 'string' ? fields.fingerprint : '',
      alert,
    });
    // Cut back to the best MAX_KEPT_ALERTS now and then: memory stays bounded, and the result is the same.
    if (this.#candidates.length >= MAX_KEPT_ALERTS + 100) {
      const { kept, omitted } = keepGroupAlerts(this.#candidates);
      this.#candidates = kept;
      this.#omitted = addOmitted(this.#omitted, omitted);
    }
    return null;
  }
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t';
}

function notJson(message: string): Problem {
  return { ok: false, reason: 'not_json', message };
}

function tooLarge(message: string): Problem {
  return { ok: false, reason: 'too_large', message };
}
