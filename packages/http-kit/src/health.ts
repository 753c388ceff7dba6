import type { Registry } from "prom-client";
import { json, text } from "./result.js";
import { type EndpointRoute, endpoint } from "./route.js";

export interface HealthCheckResult {
  readonly ok: boolean;
  /** Shown under the check's name (a state, channel list): never secrets or error messages. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface HealthCheck {
  /** The key in the answer's `checks` (`redis`, `notification-stream`, a queue name). */
  readonly name: string;
  /**
   * false: reported, but a failure does not turn the answer into a 503 (a dependency the process rides out
   * on its own, where a restart would only lose work).
   * @defaultValue true
   */
  readonly critical?: boolean;
  /** Aborted when the check takes longer than the health route's timeout. */
  readonly check: (signal: AbortSignal) => HealthCheckResult | Promise<HealthCheckResult>;
}

export interface HealthReport {
  readonly status: "ok" | "unavailable";
  readonly checks: Readonly<
    Record<
      string,
      { readonly status: "ok" | "failing"; readonly critical?: false; readonly [detail: string]: unknown }
    >
  >;
}

/** A check that takes longer than this counts as failing. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<HealthCheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, detail: { reason: "timeout" } });
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check(controller.signal)), timeout]);
  } catch {
    // The reason is the dependency's business (and may name hosts): the answer only says it failed.
    return { ok: false, detail: { reason: "error" } };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once; 503 when a critical one fails. */
export async function checkHealth(
  checks: readonly HealthCheck[],
  timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS,
): Promise<HealthReport> {
  const results = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
  let healthy = true;
  const report: Record<string, HealthReport["checks"][string]> = {};
  checks.forEach((check, index) => {
    const result = results[index] ?? { ok: false };
    const critical = check.critical ?? true;
    if (critical && !result.ok) healthy = false;
    report[check.name] = {
      status: result.ok ? "ok" : "failing",
      ...(critical ? {} : { critical: false as const }),
      ...result.detail,
    };
  });
  return { status: healthy ? "ok" : "unavailable", checks: report };
}

/** Anything that answers a Redis PING (an ioredis connection). */
export interface Pingable {
  ping(): Promise<unknown>;
}

/** Redis answers a PING (within the health route's timeout). */
export function redisHealthCheck(
  redis: Pingable,
  options: { readonly name?: string; readonly critical?: boolean } = {},
): HealthCheck {
  return {
    name: options.name ?? "redis",
    ...(options.critical === undefined ? {} : { critical: options.critical }),
    check: async () => {
      await redis.ping();
      return { ok: true };
    },
  };
}

/**
 * GET /healthz for probes and load balancers: 200 `{ status: "ok", checks }` when every critical check
 * passes, else 503 `{ status: "unavailable", checks }`. Open: probes carry no credentials.
 */
export function healthRoute<Services>(
  checksOf: (services: Services) => readonly HealthCheck[],
  options: { readonly timeoutMs?: number; readonly summary?: string } = {},
): EndpointRoute<Services> {
  return endpoint<Services>({
    method: "GET",
    path: "/healthz",
    auth: "none",
    summary: options.summary ?? "Health: named checks; 200 when every critical one passes, else 503",
    handler: async (_request, services) => {
      const report = await checkHealth(checksOf(services), options.timeoutMs);
      return json(report.status === "ok" ? 200 : 503, report);
    },
  });
}

/** GET /metrics: the process registry in Prometheus' text format. Open: Prometheus carries no credentials. */
export function metricsRoute<Services>(
  registryOf: (services: Services) => Registry,
  options: { readonly summary?: string } = {},
): EndpointRoute<Services> {
  return endpoint<Services>({
    method: "GET",
    path: "/metrics",
    auth: "none",
    summary: options.summary ?? "Prometheus metrics (internal network only)",
    handler: async (_request, services) => {
      const registry = registryOf(services);
      return text(200, await registry.metrics(), registry.contentType);
    },
  });
}
