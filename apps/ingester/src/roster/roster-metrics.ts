import { type QueueStatus, ROSTER_EVENT_REJECTIONS } from "@routing/roster";
import { Counter, Gauge, type Registry } from "prom-client";

export interface IngesterRosterMetrics {
  /** Roster events by kind (activity, membership) and result (changed, unchanged, ignored, rejected). */
  readonly events: Counter<"kind" | "result">;
  /** Fixed name (alert rules use it): malformed roster events, by reason from a closed set. */
  readonly rejected: Counter<"reason">;
  readonly seedsRequested: Counter<"reason">;
  readonly activityTopics: Gauge;
  readonly unsubscribedMembers: Gauge;
  /** Reads the followed queues' staleness at every scrape (until set, no series). */
  observeQueues(read: () => Promise<readonly QueueStatus[]>): void;
}

/**
 * The ingester's roster series. `routing_roster_stale` and `routing_roster_age_seconds` (fixed names, one
 * series per followed queue: a bounded, configured set) are read from Redis at each scrape, so every
 * replica reports the same values and any one of them is enough.
 */
export function createIngesterRosterMetrics(registry: Registry): IngesterRosterMetrics {
  const registers = [registry];
  let readQueues: (() => Promise<readonly QueueStatus[]>) | undefined;
  let lastRead: Promise<readonly QueueStatus[]> | undefined;
  // One read of Redis per scrape, shared by the two gauges.
  const statuses = (): Promise<readonly QueueStatus[]> => {
    if (readQueues === undefined) return Promise.resolve([]);
    lastRead ??= readQueues().finally(() => {
      setImmediate(() => {
        lastRead = undefined;
      });
    });
    return lastRead;
  };

  const rejected = new Counter({
    name: "ingester_roster_events_rejected_total",
    help: "Roster notification events (v2.users.{id}.activity, v2.routing.queues.{id}.users) refused as malformed, by reason; nothing of them was applied",
    labelNames: ["reason"] as const,
    registers,
  });
  for (const reason of ROSTER_EVENT_REJECTIONS) rejected.inc({ reason }, 0);

  new Gauge({
    name: "routing_roster_stale",
    help: "1 when the queue's roster is stale (socket gap, missed events, never seeded, confirmation too old), else 0",
    labelNames: ["queue_id"] as const,
    registers,
    async collect() {
      this.reset();
      for (const status of await statuses().catch(() => [])) {
        this.set({ queue_id: status.queueId }, status.stale ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: "routing_roster_age_seconds",
    help: "Seconds since the queue's roster was last confirmed by a complete read (seed or reconciliation); absent before the first",
    labelNames: ["queue_id"] as const,
    registers,
    async collect() {
      this.reset();
      for (const status of await statuses().catch(() => [])) {
        if (status.ageMs !== undefined) this.set({ queue_id: status.queueId }, status.ageMs / 1000);
      }
    },
  });

  return {
    events: new Counter({
      name: "ingester_roster_events_total",
      help: "Roster notification events by kind (activity, membership) and result (changed, unchanged, ignored = older than the roster, rejected)",
      labelNames: ["kind", "result"] as const,
      registers,
    }),
    rejected,
    seedsRequested: new Counter({
      name: "ingester_roster_seeds_requested_total",
      help: "roster.seed jobs asked for, by reason (start, gap, stale)",
      labelNames: ["reason"] as const,
      registers,
    }),
    activityTopics: new Gauge({
      name: "ingester_roster_activity_topics",
      help: "v2.users.{id}.activity topics subscribed (one per member of the followed queues)",
      registers,
    }),
    unsubscribedMembers: new Gauge({
      name: "ingester_roster_unsubscribed_members",
      help: "Members whose activity topic could not be subscribed (every allowed channel full): their queues stay stale",
      registers,
    }),
    observeQueues(read) {
      readQueues = read;
    },
  };
}
