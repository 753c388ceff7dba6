import type { NotificationStreamState } from "@routing/genesys-client";
import { type HealthCheck, type Pingable, redisHealthCheck } from "@routing/http-kit";

export interface StreamHealth {
  readonly state: NotificationStreamState;
  readonly channels: readonly { readonly index: number; readonly status: string }[];
}

/**
 * The notification stream passes only when every channel is open: anything else means events may not be
 * arriving. Redis is critical too: while it is away no event becomes a job and the webhook answers 503, so
 * /healthz says so (the readiness probe); the ingester holds events in its bounded buffer and a recovery
 * backfills what overflows. Liveness probes use /metrics: a Redis outage must not restart the ingester.
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
    redisHealthCheck(redis),
  ];
}
