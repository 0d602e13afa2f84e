import { createServer } from 'node:http';
import { listenHttpServer } from '../../services/listening-http-server.js';
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
  const listening = await listenHttpServer(server, options.host, options.port);
  return { url: `${listening.url}${ALERTMANAGER_PATH}`, close: listening.close };
}
