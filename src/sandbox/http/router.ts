import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Parsed JSON body (undefined when empty). */
  body(): Promise<unknown>;
}

export type RouteHandler = (request: RouteRequest) => Promise<void> | void;

export interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

/** Matches `/a/{param}/b` patterns; literal segments compare case-insensitively. */
export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === '**') return params;
    const g = got[i];
    if (g === undefined) return undefined;
    if (w === '*') continue;
    if (w.startsWith('{') && w.endsWith('}')) {
      params[w.slice(1, -1)] = decodeURIComponent(g);
      continue;
    }
    if (w.toLowerCase() !== g.toLowerCase()) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

export function findRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}
