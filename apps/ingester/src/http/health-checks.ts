import type { NotificationStreamState } from "@routing/genesys-client";
import { type HealthCheck, type Pingable, redisHealthCheck } from "@routing/http-kit";

export interface StreamHealth {
  readonly state: NotificationStreamState;
  readonly channels: readonly { readonly index: number; readonly status: string }[];
}

/**
 * The notification stream passes only when every channel is open: anything else means events may not be
 * arriving. Redis is reported but not critical: while it is away the ingester holds events back and
 * retries (never dropping them), and a restart would only lose what it holds.
 */
export function ingesterHealthChecks(stream: () => StreamHealth, redis: Pingable): readonly HealthCheck[] {
  return [
    {
      name: "notification-stream",
      check: () => {
        const { state, channels } = stream();
        return { ok: state === "open", detail: { state, channels } };
      },
    },
    redisHealthCheck(redis, { critical: false }),
  ];
}
