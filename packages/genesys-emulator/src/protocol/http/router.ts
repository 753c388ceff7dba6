/**
 * The whole HTTP surface is one declarative table of (method, path template) -> handler. This file only
 * compiles templates and matches requests; it knows nothing about Genesys.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";

export interface RouteTemplate {
  method: HttpMethod;
  /** e.g. "/api/v2/users/{userId}/routingskills/{skillId}" */
  path: string;
}

interface CompiledRoute<Route extends RouteTemplate> {
  route: Route;
  pattern: RegExp;
  paramNames: string[];
  /** Static segments win over parameters: ".../routingskills/bulk" beats ".../routingskills/{skillId}". */
  staticSegments: number;
}

export type RouteLookup<Route extends RouteTemplate> =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: HttpMethod[] }
  | { kind: "not-found" };

export interface Router<Route extends RouteTemplate> {
  lookup(method: string, pathname: string): RouteLookup<Route>;
}

export class DuplicateRouteError extends Error {
  constructor(route: RouteTemplate) {
    super(`Route declared twice: ${route.method} ${route.path}`);
    this.name = "DuplicateRouteError";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is kept as sent: the handler then answers 404 for an id that does not exist.
    return segment;
  }
}

function compile<Route extends RouteTemplate>(route: Route): CompiledRoute<Route> {
  const paramNames: string[] = [];
  let staticSegments = 0;
  const source = route.path
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1] !== undefined) {
        paramNames.push(param[1]);
        return "([^/]+)";
      }
      if (segment !== "") staticSegments++;
      return escapeRegExp(segment);
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}/?$`), paramNames, staticSegments };
}

export function createRouter<Route extends RouteTemplate>(routes: readonly Route[]): Router<Route> {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new DuplicateRouteError(route);
    seen.add(key);
  }
  const compiled = routes.map(compile).sort((a, b) => b.staticSegments - a.staticSegments);

  return {
    lookup(method, pathname) {
      const allowed: HttpMethod[] = [];
      for (const candidate of compiled) {
        const match = candidate.pattern.exec(pathname);
        if (match === null) continue;
        if (candidate.route.method !== method) {
          allowed.push(candidate.route.method);
          continue;
        }
        const params: Record<string, string> = {};
        candidate.paramNames.forEach((name, index) => {
          params[name] = safeDecode(match[index + 1] ?? "");
        });
        return { kind: "found", route: candidate.route, params };
      }
      return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
    },
  };
}
