import type { NotificationStreamState } from "@routing/genesys-client";
import { type HttpResult, jsonResult } from "../http/http-result.js";
import type { Handler } from "../http/route.js";
import type { RedisHealth } from "../redis-health.js";

export interface StreamHealth {
  readonly state: NotificationStreamState;
  readonly channels: readonly { readonly index: number; readonly status: string }[];
  /** Whether the job queue's Redis answers (`redis-health.ts`): without it no event becomes a job. */
  readonly redis: RedisHealth;
}

/** 200 only when every notification channel is open and Redis answers: else events are not becoming jobs. */
export function createHealthzHandler(health: () => StreamHealth | Promise<StreamHealth>): Handler {
  return async (): Promise<HttpResult> => {
    const { state, channels, redis } = await health();
    const healthy = state === "open" && redis === "ok";
    return jsonResult(healthy ? 200 : 503, {
      status: healthy ? "ok" : "unavailable",
      stream: state,
      redis,
      channels,
    });
  };
}
