import axios from 'axios';
import { z } from 'zod';
import { UserError } from '../../user-error.js';

/** `{name, value, isRegex, isEqual}` as Alertmanager's API v2 takes and returns matchers. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface NewSilence {
  matchers: SilenceMatcher[];
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  comment: string;
}

/** The slice of Alertmanager's API v2 pipeops uses. */
export interface AlertmanagerApi {
  readonly baseUrl: string;
  /** `POST /api/v2/silences` → the new silence id. Rejects with a UserError whose message is fit to show. */
  createSilence(silence: NewSilence): Promise<string>;
  /**
   * `GET /api/v2/alerts?filter=…`: fingerprints of the alerts Alertmanager still holds as active (silenced and
   * inhibited ones included) that match every matcher.
   */
  activeAlerts(matchers: readonly SilenceMatcher[]): Promise<string[]>;
}

export interface AlertmanagerApiOptions {
  /** e.g. `http://alertmanager:9093` (a path prefix from --web.route-prefix may follow). */
  url: string;
  /** Sent as `Authorization: Bearer <token>` (e.g. behind an authenticating proxy). */
  bearerToken?: string;
  /** HTTP basic auth, as Alertmanager's own web config (`basic_auth_users`) expects. */
  basicAuth?: { username: string; password: string };
  timeoutMs?: number;
}

const SilenceCreatedSchema = z.object({ silenceID: z.string().min(1) });
const AlertsSchema = z.array(z.looseObject({ fingerprint: z.string() }));

/** Alertmanager's API over axios. Credentials go in headers only and never into errors or logs. */
export function createAlertmanagerApi(options: AlertmanagerApiOptions): AlertmanagerApi {
  const baseUrl = options.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;
  const http = axios.create({
    baseURL: `${baseUrl}/api/v2/`,
    headers,
    ...(options.basicAuth ? { auth: options.basicAuth } : {}),
    timeout: options.timeoutMs ?? 10_000,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
  });
  return {
    baseUrl,
    async createSilence(silence) {
      let status: number;
      let body: string;
      try {
        const response = await http.post('silences', {
          matchers: silence.matchers,
          startsAt: silence.startsAt.toISOString(),
          endsAt: silence.endsAt.toISOString(),
          createdBy: silence.createdBy,
          comment: silence.comment,
        });
        status = response.status;
        body = typeof response.data === 'string' ? response.data : '';
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'network error';
        throw new UserError('alertmanager_unreachable', `Could not reach Alertmanager at ${baseUrl} (${code}).`);
      }
      if (status === 401 || status === 403) {
        throw new UserError(
          'alertmanager_denied',
          `Alertmanager at ${baseUrl} refused the credentials (HTTP ${status}).`,
        );
      }
      if (status < 200 || status >= 300) {
        throw new UserError(
          'alertmanager_refused',
          `Alertmanager refused the silence (HTTP ${status}: ${excerpt(body)}).`,
        );
      }
      const parsed = SilenceCreatedSchema.safeParse(safeJson(body));
      if (!parsed.success) {
        throw new UserError(
          'alertmanager_refused',
          `Alertmanager answered the silence with ${excerpt(body) || 'nothing'}.`,
        );
      }
      return parsed.data.silenceID;
    },

    async activeAlerts(matchers) {
      const params = new URLSearchParams({ active: 'true', silenced: 'true', inhibited: 'true', unprocessed: 'true' });
      for (const m of matchers) {
        const operator = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
        params.append('filter', `${m.name}${operator}${JSON.stringify(m.value)}`);
      }
      let response: { status: number; data: unknown };
      try {
        response = await http.get(`alerts?${params.toString()}`);
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'network error';
        throw new UserError('alertmanager_unreachable', `Could not reach Alertmanager at ${baseUrl} (${code}).`);
      }
      const body = typeof response.data === 'string' ? response.data : '';
      const parsed = AlertsSchema.safeParse(safeJson(body));
      if (response.status !== 200 || !parsed.success) {
        throw new UserError(
          'alertmanager_refused',
          `Alertmanager answered the alert list with HTTP ${response.status}.`,
        );
      }
      return parsed.data.map((alert) => alert.fingerprint);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short, single-line piece of an error body (Alertmanager answers `{"code":602,"message":"…"}`). */
function excerpt(body: string): string {
  const message = (safeJson(body) as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' ? message : body;
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
