import type { QueueRoutingRule } from "@routing/core";
import type { CallOptions, GenesysClient, RequestLane } from "@routing/genesys-client";

/** What the worker needs to know of a queue's configuration to decide for it. */
export interface QueueConfiguration {
  readonly queueId: string;
  /**
   * The queue's preferred agent routing rules (`Queue.routingRules`, in order), [] when it has none: they
   * decide whether Genesys uses our `requestScoredAgents` at all, and which scores it tries first.
   */
  readonly routingRules: readonly QueueRoutingRule[];
  /**
   * Service level target per media type (`mediaSettings.<media>.serviceLevel`: percentage 0–1, durationMs),
   * well-formed ones only; what the queue's measured `oServiceLevel` is judged against.
   */
  readonly serviceLevels: Readonly<
    Record<string, { readonly percentage: number; readonly durationMs: number }>
  >;
}

export interface QueueConfigurationLookup {
  readonly configuration: QueueConfiguration;
  /** Read from Genesys by this call (not from the cache): the moment to report what it means, once. */
  readonly fresh: boolean;
}

export interface QueueConfigurations {
  /** The queue's configuration, from the cache while it is younger than the TTL, else from Genesys. */
  get(queueId: string, options?: CallOptions): Promise<QueueConfigurationLookup>;
}

export interface QueueConfigurationsOptions {
  /** How long a queue's configuration is trusted before it is read again. @defaultValue 300_000 (5 min) */
  readonly ttlMs?: number;
  /**
   * The budget lane of the reads. Unset: the caller's lane (a decision waits for this read, so a cold cache
   * must not queue it behind background work), "roster" when the caller names none.
   */
  readonly lane?: RequestLane;
  /** @defaultValue Date.now */
  readonly now?: () => number;
}

export const DEFAULT_QUEUE_CONFIGURATION_TTL_MS = 300_000;

/** Genesys' `RoutingRule` read field by field: a malformed entry keeps only what is well typed. */
function readRule(value: unknown): QueueRoutingRule {
  if (typeof value !== "object" || value === null) return {};
  const { operator, threshold, waitSeconds } = value as Record<string, unknown>;
  return {
    ...(typeof operator === "string" ? { operator } : {}),
    ...(typeof threshold === "number" || threshold === null ? { threshold } : {}),
    ...(typeof waitSeconds === "number" ? { waitSeconds } : {}),
  };
}

function readServiceLevels(mediaSettings: unknown): QueueConfiguration["serviceLevels"] {
  const levels: Record<string, { percentage: number; durationMs: number }> = {};
  if (typeof mediaSettings !== "object" || mediaSettings === null) return levels;
  for (const [media, settings] of Object.entries(mediaSettings as Record<string, unknown>)) {
    const level = (settings as { serviceLevel?: unknown } | null)?.serviceLevel;
    if (typeof level !== "object" || level === null) continue;
    const { percentage, durationMs } = level as Record<string, unknown>;
    if (
      typeof percentage === "number" &&
      percentage > 0 &&
      percentage <= 1 &&
      typeof durationMs === "number" &&
      durationMs > 0
    ) {
      levels[media] = { percentage, durationMs };
    }
  }
  return levels;
}

/**
 * Queue configurations cached in this process for `ttlMs` (`GET /api/v2/routing/queues/{queueId}`), so a
 * scoring decision costs no extra Genesys call while its queue's configuration is known. Reads of one
 * queue that overlap share one request; a failed read is not cached (the job's retry reads again).
 * Changes an administrator makes to the rules are seen within the TTL.
 */
export function createQueueConfigurations(
  genesys: Pick<GenesysClient, "routing">,
  options: QueueConfigurationsOptions = {},
): QueueConfigurations {
  const ttlMs = options.ttlMs ?? DEFAULT_QUEUE_CONFIGURATION_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new RangeError("ttlMs must be an integer >= 0");
  const now = options.now ?? Date.now;
  const cached = new Map<
    string,
    { readonly configuration: QueueConfiguration; readonly expiresAt: number }
  >();
  const loading = new Map<string, Promise<QueueConfiguration>>();

  const load = (queueId: string, callOptions: CallOptions): Promise<QueueConfiguration> => {
    let pending = loading.get(queueId);
    if (pending === undefined) {
      pending = genesys.routing
        .getQueue(queueId, { ...callOptions, lane: options.lane ?? callOptions.lane ?? "roster" })
        .then((queue) => {
          const configuration: QueueConfiguration = {
            queueId,
            routingRules: Array.isArray(queue.routingRules) ? queue.routingRules.map(readRule) : [],
            serviceLevels: readServiceLevels(queue.mediaSettings),
          };
          cached.set(queueId, { configuration, expiresAt: now() + ttlMs });
          return configuration;
        })
        .finally(() => loading.delete(queueId));
      loading.set(queueId, pending);
    }
    return pending;
  };

  return {
    async get(queueId, callOptions = {}) {
      const entry = cached.get(queueId);
      if (entry !== undefined && entry.expiresAt > now())
        return { configuration: entry.configuration, fresh: false };
      // Only the call that starts a read reports it as fresh; the ones joining it do not.
      const joining = loading.has(queueId);
      return { configuration: await load(queueId, callOptions), fresh: !joining };
    },
  };
}
