import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALERTMANAGER_PATH, type RequestHandler } from './alertmanager-endpoint.js';

export interface AlertmanagerServer {
  /** e.g. `http://127.0.0.1:9095/alerts/alertmanager`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A small HTTP server for the Alertmanager webhook where Bolt has no HTTP server of its own to host it
 * (Socket Mode, the local console). Serves ALERTMANAGER_PATH only.
 */
export async function startAlertmanagerServer(options: {
  host: string;
  port: number;
  handler: RequestHandler;
}): Promise<AlertmanagerServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === ALERTMANAGER_PATH) {
      options.handler(req, res);
      return;
    }
    req.resume();
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: 'not_found', message: `Alertmanager posts to ${ALERTMANAGER_PATH}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}${ALERTMANAGER_PATH}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
