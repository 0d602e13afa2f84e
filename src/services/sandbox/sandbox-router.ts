import { badRequest } from './sandbox-http-error.js';

/** What a route handler gets: decoded path parameters, the query and the parsed JSON body. */
export interface RouteRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The body parsed with JSON.parse on first access (a 400 when it is not JSON); undefined when empty. */
  body: unknown;
  /** The body as sent, for routes that parse it with other rules (Python's json, see sandbox-transform-routes.ts). */
  rawBody: string;
}

export interface RouteResponse {
  status: number;
  /** Serialised as JSON; omitted means an empty body. */
  body?: unknown;
  /** A body already serialised as JSON text (e.g. by jsonDumps); wins over `body`. */
  text?: string;
}

/** A path parameter the route pattern declares (so it is always there). */
export function pathParam(request: RouteRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`Route pattern has no :${name} parameter`);
  return value;
}

export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** `pattern` is relative to the area root, `:name` captures one (URL-encoded) segment: `inputs/:id/pause`. */
export interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

export interface Router {
  /** `path` is raw (still percent-encoded), so an encoded `/` inside a name stays inside its segment. */
  match(method: string, path: string): RouteMatch;
}

/** A route table: adding a resource is adding entries, not branches. */
export function createRouter(routes: readonly Route[]): Router {
  const compiled = routes.map((route) => ({ ...route, segments: route.pattern.split('/') }));
  return {
    match(method, path) {
      const segments = path.split('/');
      const allowed: string[] = [];
      for (const route of compiled) {
        const params = matchSegments(route.segments, segments);
        if (!params) continue;
        if (route.method === method) return { kind: 'found', handler: route.handler, params };
        allowed.push(route.method);
      }
      return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
    },
  };
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const segment = actual[index] ?? '';
    if (expected.startsWith(':')) {
      if (segment === '') return undefined;
      params[expected.slice(1)] = decodeSegment(segment);
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`Malformed percent-encoding in path segment '${segment}'`);
  }
}
