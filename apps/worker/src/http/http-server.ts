import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@routing/service-kit";
import { renderHttpError } from "./error-handler.js";
import { HttpError } from "./http-error.js";
import type { HttpRequest, HttpResponse, HttpServices, Route } from "./http-types.js";

export interface HttpServer {
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<{ readonly port: number }>;
  close(): Promise<void>;
}

function route(routes: readonly Route[], request: HttpRequest): Route {
  const forPath = routes.filter((candidate) => candidate.path === request.path);
  if (forPath.length === 0) throw new HttpError(404, "not.found", `no route for ${request.path}`);
  const match = forPath.find((candidate) => candidate.method === request.method);
  if (match === undefined) {
    const allowed = forPath.map((candidate) => candidate.method).join(", ");
    throw new HttpError(
      405,
      "method.not.allowed",
      `${request.method} is not allowed on ${request.path}`,
      null,
      {
        allow: allowed,
      },
    );
  }
  return match;
}

function write(response: ServerResponse, answer: HttpResponse): void {
  const json = typeof answer.body !== "string";
  const body = json ? JSON.stringify(answer.body) : answer.body;
  response.writeHead(answer.status, {
    ...(json ? { "content-type": "application/json; charset=utf-8" } : {}),
    ...answer.headers,
  });
  response.end(body);
}

/**
 * A small HTTP server for the route table (node:http: the worker serves two read-only routes and carries
 * no web framework). Every answer is data: handlers return it, failures go through the one error renderer,
 * unknown paths answer 404 JSON, so no request can crash the process.
 */
export function createHttpServer(
  routes: readonly Route[],
  services: HttpServices,
  logger: Logger,
): HttpServer {
  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    let answer: HttpResponse;
    try {
      const url = new URL(incoming.url ?? "/", "http://worker.invalid");
      const request: HttpRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
      };
      answer = await route(routes, request).handler(request, services);
    } catch (error) {
      answer = renderHttpError(error, logger);
    }
    write(response, answer);
  };
  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      logger.error({ err: error }, "HTTP response could not be written");
      response.destroy();
    });
  });
  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Scrapers keep connections alive; closing them lets shutdown finish now rather than at their timeout.
        server.closeAllConnections();
      });
    },
  };
}
