import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP relay in front of the real Redis, so a test can take Redis away from one client and give it back:
 * `down()` cuts every relayed connection and refuses new ones, `up()` relays again. The client, Redis and
 * the protocol between them are all real; only the wire can be cut.
 */
export interface RedisProxy {
  readonly port: number;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startRedisProxy(target = { host: "127.0.0.1", port: 6379 }): Promise<RedisProxy> {
  let relaying = true;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!relaying) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    down() {
      relaying = false;
      cut();
    },
    up() {
      relaying = true;
    },
    async close() {
      relaying = false;
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
