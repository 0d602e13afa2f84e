import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { PipeopsMetrics } from '../observability/metrics.js';
import type { Readiness } from '../observability/readiness.js';

export const HEALTH_PATHS = { alive: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;

export interface OperatorEndpoints {
  metrics: PipeopsMetrics;
  readiness: () => Promise<Readiness>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * GET /healthz (the process answers), GET /readyz (200 when every readiness check passes, else 503, with the
 * checks as JSON) and GET /metrics (Prometheus text format). Returns null for any other path.
 */
export function operatorHandlerFor(path: string, endpoints: OperatorEndpoints): Handler | null {
  const serve = (answer: (res: ServerResponse) => Promise<void>): Handler => {
    return (req, res) => {
      req.resume();
      const method = (req.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        json(res, 405, { error: 'method_not_allowed', message: `${path} accepts GET only` });
        return;
      }
      answer(res).catch(() => json(res, 500, { error: 'internal_error' }));
    };
  };
  switch (path) {
    case HEALTH_PATHS.alive:
      return serve(async (res) => json(res, 200, { status: 'ok' }));
    case HEALTH_PATHS.ready:
      return serve(async (res) => {
        const readiness = await endpoints.readiness();
        json(res, readiness.ready ? 200 : 503, { status: readiness.ready ? 'ready' : 'not_ready', ...readiness });
      });
    case HEALTH_PATHS.metrics:
      return serve(async (res) => {
        const { contentType, body } = await endpoints.metrics.exposition();
        if (res.headersSent || res.destroyed) return;
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(body);
      });
    default:
      return null;
  }
}

/** The three endpoints as Bolt custom routes: HTTP mode serves them on the Slack port. */
export function operatorRoutes(endpoints: () => OperatorEndpoints | null): CustomRoute[] {
  return Object.values(HEALTH_PATHS).map((path) => ({
    path,
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    handler: (req, res) => {
      const current = endpoints();
      if (!current) {
        // Routes are given to Bolt before the services exist: until then the process is alive, not ready.
        req.resume();
        if (path === HEALTH_PATHS.alive) json(res, 200, { status: 'ok' });
        else json(res, 503, { status: 'starting' });
        return;
      }
      operatorHandlerFor(path, current)?.(req, res);
    },
  }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
