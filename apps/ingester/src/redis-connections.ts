import type { Logger } from "@routing/service-kit";
import { Redis } from "ioredis";

export interface RedisConnections {
  /** BullMQ queues: commands fail at once while Redis is away, and the ingester retries the add itself. */
  readonly queues: Redis;
  /** The shared Genesys token and rate budget: ioredis queues commands while it reconnects. */
  readonly genesys: Redis;
  close(): Promise<void>;
}

const QUIT_TIMEOUT_MS = 2_000;

/**
 * Every add must either succeed or fail where the ingester can see it and retry: a command is refused at
 * once while Redis is away (no offline queue), and one in flight when the connection drops fails then
 * (no silent replay on reconnect that would race the ingester's own retry).
 */
export const QUEUE_CONNECTION_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
} as const;

async function closeConnection(connection: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
  });
  // QUIT cannot be sent while Redis is away; then the socket is simply dropped.
  await Promise.race([connection.quit().then(() => undefined), timeout]).catch(() => undefined);
  clearTimeout(timer);
  connection.disconnect();
}

/** Named after the deployment's prefix, so `CLIENT LIST` shows whose connections they are. */
export function createRedisConnections(url: string, prefix: string, logger: Logger): RedisConnections {
  const queues = new Redis(url, { ...QUEUE_CONNECTION_OPTIONS, connectionName: `${prefix}:ingester:queues` });
  const genesys = new Redis(url, { connectionName: `${prefix}:ingester:genesys` });
  for (const [role, connection] of [
    ["queues", queues],
    ["genesys", genesys],
  ] as const) {
    connection.on("error", (error: Error) =>
      logger.warn({ connection: role, error: error.message }, "Redis error"),
    );
  }
  return {
    queues,
    genesys,
    close: async () => {
      await Promise.all([closeConnection(queues), closeConnection(genesys)]);
    },
  };
}
