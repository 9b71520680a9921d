import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** decoded path parameters from the route's named groups */
  params: Record<string, string>;
  query: URLSearchParams;
  /** path after the base path */
  path: string;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

/** A minimal method + regex router; path parameters are URL-decoded (`ner%3A%3Aextract` → `ner::extract`). */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: RouteHandler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** the matching handler, 'method' when only the method is wrong, or undefined */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(m.groups ?? {})) params[key] = decodeURIComponent(value);
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}
