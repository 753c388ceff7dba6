import type { Redis } from "ioredis";

export type RedisHealth = "ok" | "unavailable";

export interface RedisHealthCheckOptions {
  /** A PING that gets no answer within this is "unavailable" (a hung Redis accepts connections). */
  readonly timeoutMs: number;
}

/**
 * Whether Redis takes commands right now: a PING on the connection the jobs go through. That connection
 * fails commands at once while Redis is away, so the check answers as soon as the webhook would answer 503.
 * A small function for the health route to call (the HTTP kit's health-check hook, once merged, takes it
 * as one named check).
 */
export function createRedisHealthCheck(
  connection: Pick<Redis, "ping">,
  options: RedisHealthCheckOptions,
): () => Promise<RedisHealth> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<RedisHealth>((resolve) => {
      timer = setTimeout(() => resolve("unavailable"), options.timeoutMs);
    });
    const ping = connection.ping().then(
      (reply): RedisHealth => (reply === "PONG" ? "ok" : "unavailable"),
      (): RedisHealth => "unavailable",
    );
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
