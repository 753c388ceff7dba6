import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

/**
 * The NLU the Bot Connector asks for intent and confidence: any HTTP service that answers
 * `POST {url}` `{ text, languageCode, conversationId, sessionId }` with
 * `{ intent: string | null, confidence: number (0-1), reply?: string }` (the emulator's stub speaks it at
 * `/__emulator/nlu/parse`). `reply` is what the bot says while it keeps the conversation.
 */
export interface NluRequest {
  readonly text: string;
  readonly languageCode: string;
  readonly conversationId: string;
  readonly sessionId: string;
}

export interface NluAnswer {
  readonly intent: string | null;
  /** As the NLU sent it: core's policy treats a missing or invalid confidence as 0. */
  readonly confidence: unknown;
  readonly reply: string | undefined;
}

export type NluFailure = "timeout" | "error" | "invalid-answer";

export type NluResult =
  | { readonly ok: true; readonly answer: NluAnswer; readonly attempts: number }
  | { readonly ok: false; readonly failure: NluFailure; readonly detail: string; readonly attempts: number };

export interface NluClientOptions {
  readonly url: string;
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Attempts per turn at most; timeouts, connection errors and 5xx are retried. */
  readonly attempts: number;
  /**
   * Pause before a retry.
   * @defaultValue 100
   */
  readonly retryDelayMs?: number;
  /** Called once per attempt (metrics). */
  readonly onAttempt?: (result: "ok" | NluFailure, durationMs: number) => void;
}

const answerSchema = z.looseObject({
  intent: z.string().nullable().optional(),
  confidence: z.unknown(),
  reply: z.string().optional(),
});

export interface NluClient {
  parse(request: NluRequest, signal?: AbortSignal): Promise<NluResult>;
}

/** Bounded: at most `attempts` requests of at most `timeoutMs` each, so a turn's answer time is bounded too. */
export function createNluClient(options: NluClientOptions): NluClient {
  const retryDelayMs = options.retryDelayMs ?? 100;
  return {
    async parse(request, signal) {
      let failure: NluFailure = "error";
      let detail = "";
      for (let attempt = 1; attempt <= options.attempts; attempt++) {
        const started = performance.now();
        const report = (result: "ok" | NluFailure) =>
          options.onAttempt?.(result, performance.now() - started);
        try {
          const response = await fetch(options.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(request),
            signal: AbortSignal.any([
              AbortSignal.timeout(options.timeoutMs),
              ...(signal === undefined ? [] : [signal]),
            ]),
          });
          const text = await response.text();
          if (response.status >= 500) {
            failure = "error";
            detail = `HTTP ${response.status}`;
            report(failure);
          } else if (response.status !== 200) {
            report("error");
            return { ok: false, failure: "error", detail: `HTTP ${response.status}`, attempts: attempt };
          } else {
            const parsed = answerSchema.safeParse(safeJson(text));
            if (!parsed.success) {
              report("invalid-answer");
              const issue = parsed.error.issues[0];
              return {
                ok: false,
                failure: "invalid-answer",
                detail: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
                attempts: attempt,
              };
            }
            report("ok");
            const { intent, confidence, reply } = parsed.data;
            return { ok: true, answer: { intent: intent ?? null, confidence, reply }, attempts: attempt };
          }
        } catch (error) {
          if (signal?.aborted) throw error;
          const timedOut = error instanceof Error && error.name === "TimeoutError";
          failure = timedOut ? "timeout" : "error";
          detail = timedOut ? `no answer within ${options.timeoutMs} ms` : "connection failed";
          report(failure);
        }
        if (attempt < options.attempts) await sleep(retryDelayMs, undefined, signal ? { signal } : {});
      }
      return { ok: false, failure, detail, attempts: options.attempts };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
