import { UserError } from '../../user-error.js';
import type { AlertmanagerApi } from './alertmanager-api.js';

/**
 * Whether the `externalURL` of a notification names an Alertmanager pipeops may call. An entry `host` allows that
 * host on any port, `host:port` only that port. Without ALERTMANAGER_URL this list is what keeps whoever holds the
 * webhook token from making pipeops send requests to any internal address.
 */
export function isAllowedAlertmanagerUrl(externalUrl: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(externalUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // URL lower-cases the host and drops a default port; an allowed `host:80` must still match `http://host/`.
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.some((entry) => entry === url.hostname || entry === `${url.hostname}:${port}`);
}

/**
 * Stands in for the Alertmanager API of a notification whose `externalURL` is not allowed: every call is refused
 * with a UserError saying why and what to set, and `onRefused` is told (for the log). Nothing is sent.
 */
export function refusedAlertmanagerApi(externalUrl: string, onRefused: (message: string) => void): AlertmanagerApi {
  const host = hostOf(externalUrl);
  const message =
    `Not calling the Alertmanager this alert came from (\`${host}\`): that host is not in ALERTMANAGER_ALLOWED_HOSTS. ` +
    'Set ALERTMANAGER_URL, or add the host to ALERTMANAGER_ALLOWED_HOSTS.';
  const refuse = (): never => {
    onRefused(message);
    throw new UserError('alertmanager_host_not_allowed', message);
  };
  return {
    baseUrl: externalUrl,
    createSilence: async () => refuse(),
    activeAlerts: async () => refuse(),
  };
}

function hostOf(externalUrl: string): string {
  try {
    return new URL(externalUrl).host || 'no host';
  } catch {
    return 'not a URL';
  }
}
