import { type HealthCheck, redisHealthCheck } from "@routing/http-kit";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";

/** Redis answers, and every queue worker runs (one check per queue, named after it). */
export function workerHealthChecks(redis: Redis, workers: readonly Worker[]): readonly HealthCheck[] {
  return [
    redisHealthCheck(redis),
    ...workers.map(
      (worker): HealthCheck => ({
        name: worker.name,
        check: () => {
          const running = worker.isRunning();
          return { ok: running, detail: { state: running ? "running" : "stopped" } };
        },
      }),
    ),
  ];
}
