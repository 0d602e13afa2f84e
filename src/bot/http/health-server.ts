import { createServer } from 'node:http';
import { listenHttpServer } from '../../services/listening-http-server.js';
import { type OperatorEndpoints, operatorHandlerFor } from './health-routes.js';

export interface OperatorServer {
  /** e.g. `http://127.0.0.1:9464` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * /healthz, /readyz and /metrics on a server of their own (PIPEOPS_HTTP_HOST:PIPEOPS_HTTP_PORT), where Bolt has
 * no HTTP server to host them: Socket Mode and the console. Loopback unless told otherwise.
 */
export async function startOperatorServer(options: {
  host: string;
  port: number;
  endpoints: OperatorEndpoints;
}): Promise<OperatorServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = operatorHandlerFor(path, options.endpoints);
    if (handler) {
      handler(req, res);
      return;
    }
    req.resume();
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: 'not_found', message: 'Try /healthz, /readyz or /metrics' }));
  });
  return listenHttpServer(server, options.host, options.port);
}
