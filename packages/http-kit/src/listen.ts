import { once } from "node:events";
import { createServer, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ListenOptions {
  /** 0: any free port (the bound one is `HttpServer.port`). */
  readonly port: number;
  /** @defaultValue every interface */
  readonly host?: string | undefined;
  /**
   * On close, how long requests in flight may still take before their connections are cut.
   * @defaultValue 5000
   */
  readonly closeGraceMs?: number;
}

export interface HttpServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Where a local client reaches it (`http://127.0.0.1:9101` when bound to every interface). */
  readonly url: string;
  /**
   * Stops accepting, closes idle keep-alive connections at once, lets requests in flight finish for at most
   * the grace period, then cuts what is left. Idempotent.
   */
  close(): Promise<void>;
}

export const DEFAULT_CLOSE_GRACE_MS = 5_000;

function urlHost(host: string | undefined): string {
  if (host === undefined || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Serves `app` and resolves once it listens; a port in use rejects with an error naming host and port. */
export async function listen(app: RequestListener, options: ListenOptions): Promise<HttpServer> {
  const server = createServer(app);
  // Answers still being prepared when close() is called end their connection instead of keeping it alive,
  // so close() finishes as soon as they are sent rather than at the end of the grace period.
  let closing = false;
  const unanswered = new Set<ServerResponse>();
  server.on("request", (_request, response: ServerResponse) => {
    if (closing) response.shouldKeepAlive = false;
    unanswered.add(response);
    response.once("close", () => unanswered.delete(response));
  });
  const graceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
  server.listen(options.port, options.host);
  try {
    await once(server, "listening");
  } catch (error) {
    const where = `${options.host ?? "*"}:${options.port}`;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new Error(`cannot listen on ${where} (${code})`, { cause: error });
  }
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    port,
    url: `http://${urlHost(options.host)}:${port}`,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        for (const response of unanswered) response.shouldKeepAlive = false;
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        cut.unref();
        server.close((error) => {
          clearTimeout(cut);
          if (error === undefined) resolve();
          else reject(error);
        });
        // Keep-alive connections with no request in flight (scrapers, browsers) would hold close() open.
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
