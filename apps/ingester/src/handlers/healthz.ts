import type { NotificationStreamState } from "@routing/genesys-client";
import { type HttpResult, jsonResult } from "../http/http-result.js";
import type { Handler } from "../http/route.js";

export interface StreamHealth {
  readonly state: NotificationStreamState;
  readonly channels: readonly { readonly index: number; readonly status: string }[];
}

/** 200 only when every notification channel is open: anything else means events may not be arriving. */
export function createHealthzHandler(health: () => StreamHealth): Handler {
  return (): HttpResult => {
    const { state, channels } = health();
    const healthy = state === "open";
    return jsonResult(healthy ? 200 : 503, {
      status: healthy ? "ok" : "unavailable",
      stream: state,
      channels,
    });
  };
}
