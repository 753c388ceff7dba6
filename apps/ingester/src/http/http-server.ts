import { once } from "node:events";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

export interface HttpServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`), then drops what is left. */
  close(graceMs: number): Promise<void>;
}

export async function listenHttp(app: RequestListener, port: number, host?: string): Promise<HttpServer> {
  const server = createServer(app);
  server.listen(port, host);
  await once(server, "listening");
  const { port: boundPort } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    port: boundPort,
    close(graceMs) {
      closed ??= new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((error) => {
          clearTimeout(force);
          if (error === undefined) resolve();
          else reject(error);
        });
        // Keep-alive connections with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
