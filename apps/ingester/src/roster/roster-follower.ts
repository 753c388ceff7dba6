import { setTimeout as sleep } from "node:timers/promises";
import {
  createDynamicNotificationStream,
  type DynamicNotificationStream,
  fullJitterDelayMs,
  type GenesysNotificationStreamError,
  type NotificationEvent,
  type NotificationGap,
  type NotificationStreamStats,
  type NotificationsApi,
  type RoutingApi,
} from "@routing/genesys-client";
import { prepareJob } from "@routing/jobs";
import {
  applyRosterEvent,
  type MarkedStaleReason,
  type RosterEventResult,
  RosterInputError,
  type RosterStore,
  rosterTopicOf,
  rosterTopics,
} from "@routing/roster";
import type { Logger } from "@routing/service-kit";
import type { StreamTuning } from "../ingester.js";
import type { AnyPreparedJob } from "../job-enqueuer.js";
import { EnqueueAbandonedError, type RetryingEnqueue } from "../retrying-enqueue.js";
import type { IngesterRosterMetrics } from "./roster-metrics.js";
import {
  GENESYS_TOPIC_LIMITS,
  planTopics,
  type TopicDemand,
  type TopicLimits,
  type TopicPlan,
} from "./topic-plan.js";

export interface RosterFollowerTuning {
  /** How often the membership the workers' seeds and reconciliations wrote is checked (one HMGET). */
  readonly membershipPollMs: number;
  /** How often the followed queues are declared again (the workers' scheduled jobs read them). */
  readonly declareIntervalMs: number;
}

export const ROSTER_FOLLOWER_DEFAULTS: RosterFollowerTuning = {
  membershipPollMs: 2_000,
  declareIntervalMs: 5 * 60_000,
};

export interface RosterFollowerOptions {
  readonly store: RosterStore;
  readonly genesys: {
    readonly notifications: Pick<NotificationsApi, "createChannel" | "putSubscriptions">;
    readonly routing: Pick<RoutingApi, "listQueues">;
  };
  readonly enqueue: RetryingEnqueue;
  readonly stopSignal: AbortSignal;
  readonly metrics: IngesterRosterMetrics;
  readonly logger: Logger;
  /** INGESTER_REPLICAS: how many ingesters share the OAuth client's channels. */
  readonly replicas: number;
  readonly limits?: TopicLimits;
  readonly tuning?: Partial<RosterFollowerTuning>;
  readonly stream?: StreamTuning;
  readonly onStreamError: (error: GenesysNotificationStreamError) => void;
  /** Every event received, whichever stream it came on (`ingester_notification_events_total`). */
  readonly countEvent: (event: NotificationEvent) => void;
  /** Every gap of the activity channels (`ingester_notification_gaps_total`). */
  readonly countGap: (gap: NotificationGap) => void;
  readonly now: () => number;
}

/**
 * The ingester's half of the live roster (`@routing/roster`): applies `v2.users.{id}.activity` and
 * `v2.routing.queues.{id}.users` events to Redis itself (no job, no REST call), keeps one activity topic
 * subscribed per member of the followed queues as members come and go, and asks the workers for the reads
 * no event can replace: a seed per queue at start and after every gap, one user read per join.
 */
export interface RosterFollower {
  /** The membership topics the ingester's queue stream subscribes with the conversation topics. */
  queueTopics(queueIds: readonly string[]): string[];
  /** Checks that every topic fits the channels this replica may use; TopicCapacityError otherwise. */
  plan(queueIds: readonly string[], queueTopicCount: number): Promise<TopicPlan>;
  /** Once the queue stream is open: subscribes the known members, asks for the start seeds, starts polling. */
  start(queueIds: readonly string[], plan: TopicPlan): Promise<void>;
  handles(event: NotificationEvent): boolean;
  onEvent(event: NotificationEvent): Promise<void>;
  /** A gap on the queue stream: queues whose membership topic was in it are stale until reseeded. */
  onQueueStreamGap(gap: NotificationGap): Promise<void>;
  activityStats(): NotificationStreamStats | undefined;
  close(): Promise<void>;
}

const MEMBERSHIP_TOPIC = /^v2\.routing\.queues\.([^.]+)\.users$/;
const ACTIVITY_TOPIC = /^v2\.users\.([^.]+)\.activity$/;
const RETRY = { baseDelayMs: 200, maxDelayMs: 5_000 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createRosterFollower(options: RosterFollowerOptions): RosterFollower {
  const { store, metrics, logger, now, stopSignal } = options;
  const tuning = { ...ROSTER_FOLLOWER_DEFAULTS, ...options.tuning };
  const limits = options.limits ?? GENESYS_TOPIC_LIMITS;
  /** Followed queue -> its joined members, as this ingester knows them. */
  const members = new Map<string, Set<string>>();
  const membershipVersions = new Map<string, number>();
  /** Members whose activity topic no channel had room for. */
  const refused = new Set<string>();
  let followed: readonly string[] = [];
  let stream: DynamicNotificationStream | undefined;
  let syncing: Promise<void> = Promise.resolve();
  let pollTimer: NodeJS.Timeout | undefined;
  let declareTimer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let closed = false;

  const queuesOf = (userIds: Iterable<string>): string[] => {
    const wanted = new Set(userIds);
    return [...members]
      .filter(([, ids]) => [...ids].some((id) => wanted.has(id)))
      .map(([queueId]) => queueId);
  };

  const enqueue = async (job: AnyPreparedJob): Promise<void> => {
    try {
      await options.enqueue(job, stopSignal);
    } catch (error) {
      if (!(error instanceof EnqueueAbandonedError)) throw error;
      logger.error(
        { job: job.name, jobId: error.jobId },
        "roster job not enqueued: the ingester is stopping",
      );
    }
  };

  const requestSeed = async (
    queueId: string,
    reason: "start" | "gap" | "stale",
    window: { fromMs?: number; toMs: number },
  ): Promise<void> => {
    metrics.seedsRequested.inc({ reason });
    await enqueue(prepareJob("roster.seed", { queueId, reason, ...window }));
  };

  /** Redis away is a wait, as for job adds: the roster must not silently miss what we received. */
  const withRedis = async <T>(what: string, write: () => Promise<T>): Promise<T | undefined> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (error instanceof RosterInputError) throw error;
        if (stopSignal.aborted || closed) {
          logger.error({ what, error: messageOf(error) }, "roster write abandoned: the ingester is stopping");
          return undefined;
        }
        const retryInMs = Math.max(RETRY.baseDelayMs / 4, fullJitterDelayMs(attempt, RETRY, Math.random));
        logger.warn(
          { what, attempt: attempt + 1, retryInMs, error: messageOf(error) },
          "roster write failed; retrying",
        );
        await sleep(retryInMs, undefined, { signal: stopSignal }).catch(() => {});
      }
    }
  };

  const markStale = async (
    queueIds: readonly string[],
    reason: MarkedStaleReason,
    untilMs: number,
  ): Promise<void> => {
    for (const queueId of queueIds) {
      await withRedis("mark stale", () => store.markStale(queueId, reason, untilMs));
    }
  };

  /**
   * Brings the activity subscriptions in line with the members we know. Returns the members newly
   * subscribed: events about them from before now may have been missed.
   */
  const syncActivityTopics = (): Promise<string[]> => {
    const run = syncing.then(async () => {
      if (stream === undefined || closed) return [];
      const wanted = new Set<string>();
      for (const ids of members.values()) for (const id of ids) wanted.add(id);
      const subscribed = new Set(stream.topics().map((topic) => ACTIVITY_TOPIC.exec(topic)?.[1] ?? ""));
      const toAdd = [...wanted].filter((id) => !subscribed.has(id));
      const toRemove = [...subscribed].filter((id) => !wanted.has(id));
      for (const id of toRemove) refused.delete(id);
      if (toRemove.length > 0) await stream.removeTopics(toRemove.map(rosterTopics.activity));
      let added: string[] = [];
      if (toAdd.length > 0) {
        const result = await stream.addTopics(toAdd.map(rosterTopics.activity));
        const refusedNow = new Set(result.refused.map((topic) => ACTIVITY_TOPIC.exec(topic)?.[1] ?? ""));
        added = toAdd.filter((id) => !refusedNow.has(id));
        for (const id of added) refused.delete(id);
        for (const id of refusedNow) refused.add(id);
        if (refusedNow.size > 0) {
          logger.error(
            { refused: refusedNow.size, capacity: stream.capacity() },
            "members over this replica's activity topic capacity: their queues stay stale",
          );
        }
      }
      metrics.activityTopics.set(stream.topics().length);
      metrics.unsubscribedMembers.set(refused.size);
      return added;
    });
    syncing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  /** Members a complete read added: subscribed now, so the queue waits for a read begun after that. */
  const subscribeDiscovered = async (): Promise<void> => {
    const added = await syncActivityTopics().catch((error: unknown) => {
      logger.error({ error: messageOf(error) }, "activity topics could not be updated");
      return [] as string[];
    });
    const nowMs = now();
    const stale = new Set([...queuesOf(added), ...queuesOf(refused)]);
    await markStale([...stale], "missed-events", nowMs);
    for (const queueId of queuesOf(added)) await requestSeed(queueId, "stale", { toMs: nowMs });
  };

  const pollMembership = async (): Promise<void> => {
    const versions = await store.membershipVersions(followed);
    let changed = false;
    for (const queueId of followed) {
      const version = versions.get(queueId) ?? 0;
      if (membershipVersions.get(queueId) === version) continue;
      membershipVersions.set(queueId, version);
      members.set(queueId, new Set(await store.joinedMembers(queueId)));
      changed = true;
    }
    if (changed || refused.size > 0) await subscribeDiscovered();
  };

  const schedulePoll = (): void => {
    if (closed) return;
    pollTimer = setTimeout(() => {
      polling = pollMembership()
        .catch((error: unknown) => logger.warn({ error: messageOf(error) }, "roster membership poll failed"))
        .finally(schedulePoll);
    }, tuning.membershipPollMs);
    pollTimer.unref();
  };

  const onActivityGap = async (gap: NotificationGap): Promise<void> => {
    options.countGap(gap);
    logger.warn(
      { reason: gap.reason, channelIndex: gap.channelIndex, topicCount: gap.topics.length },
      "member activity may have been missed; marking their queues stale and asking for seeds",
    );
    const users = gap.topics.flatMap((topic) => ACTIVITY_TOPIC.exec(topic)?.[1] ?? []);
    const queueIds = queuesOf(users);
    await markStale(queueIds, "socket-gap", gap.to.getTime());
    for (const queueId of queueIds) {
      await requestSeed(queueId, "gap", { fromMs: gap.from.getTime(), toMs: gap.to.getTime() });
    }
  };

  const countResult = (result: RosterEventResult, topicName: string): void => {
    switch (result.kind) {
      case "not-roster":
        return;
      case "rejected": {
        const kind = rosterTopicOf(topicName)?.kind ?? "unknown";
        metrics.rejected.inc({ reason: result.reason });
        metrics.events.inc({ kind, result: "rejected" });
        // The field names what was wrong; the body itself is never logged.
        logger.warn({ reason: result.reason, field: result.field, kind }, "roster event rejected");
        return;
      }
      case "activity":
        metrics.events.inc({ kind: "activity", result: result.changed ? "changed" : "unchanged" });
        return;
      case "membership":
        metrics.events.inc({
          kind: "membership",
          result: result.outcome === "joined" || result.outcome === "left" ? "changed" : result.outcome,
        });
    }
  };

  const onEvent = async (event: NotificationEvent): Promise<void> => {
    options.countEvent(event);
    const result = await withRedis("apply roster event", () =>
      applyRosterEvent(store, event.topicName, event.eventBody, now()),
    );
    if (result === undefined) return;
    countResult(result, event.topicName);
    if (result.kind !== "membership") return;
    const { change, outcome } = result;
    const queueMembers = members.get(change.queueId);
    if (queueMembers === undefined || outcome === "ignored") return;
    if (change.joined) queueMembers.add(change.userId);
    else queueMembers.delete(change.userId);
    await syncActivityTopics().catch((error: unknown) => {
      logger.error({ error: messageOf(error) }, "activity topics could not be updated");
    });
    // Subscribed first, then read: whatever changes after the read arrives as an event.
    if (outcome === "joined") {
      await enqueue(
        prepareJob("roster.member", {
          queueId: change.queueId,
          userId: change.userId,
          observedAtMs: change.observedAtMs,
        }),
      );
    }
  };

  return {
    queueTopics: (queueIds) => queueIds.map(rosterTopics.membership),

    async plan(queueIds, queueTopicCount) {
      const statuses = await store.readQueueStatus(queueIds);
      const known = new Set<string>();
      for (const queueId of queueIds) for (const id of await store.joinedMembers(queueId)) known.add(id);
      let memberTopics = known.size;
      let memberSource: TopicDemand["memberSource"] = known.size > 0 ? "roster" : "none";
      if (statuses.some((status) => status.meta.confirmedAtMs === undefined)) {
        // Not every queue was ever seeded: Genesys' own member counts bound what is coming (a member of two
        // queues counts twice, so this errs on the safe side).
        const wanted = new Set(queueIds);
        let counted = 0;
        // The notifications lane, as every call the ingester's start waits for (queue-discovery.ts).
        const listing = options.genesys.routing.listQueues({
          pageSize: 100,
          signal: stopSignal,
          lane: "notifications",
        });
        for await (const queue of listing) {
          if (wanted.has(queue.id)) counted += queue.joinedMemberCount ?? queue.memberCount ?? 0;
        }
        if (counted > memberTopics) {
          memberTopics = counted;
          memberSource = "queue member counts";
        }
      }
      return planTopics(
        {
          queues: queueIds.length,
          queueTopics: queueTopicCount,
          memberTopics,
          memberSource,
          replicas: options.replicas,
        },
        limits,
      );
    },

    async start(queueIds, plan) {
      followed = [...queueIds];
      // routing_roster_stale / routing_roster_age_seconds: read from Redis at each scrape.
      metrics.observeQueues(() => store.readQueueStatus(followed));
      stream = createDynamicNotificationStream({
        ...options.stream,
        notifications: options.genesys.notifications,
        maxChannels: plan.memberChannels,
        topicsPerChannel: limits.topicsPerChannel,
        onEvent,
        onGap: onActivityGap,
        onError: options.onStreamError,
      });
      await store.declareFollowed(followed, now());
      declareTimer = setInterval(() => {
        store.declareFollowed(followed, now()).catch((error: unknown) => {
          logger.warn({ error: messageOf(error) }, "followed queues not declared");
        });
      }, tuning.declareIntervalMs);
      declareTimer.unref();
      // Members the roster already knows are subscribed before the seeds' reads begin, so that nothing
      // between a read and its subscription can be missed; members only a seed finds trigger one more.
      const versions = await store.membershipVersions(followed);
      for (const queueId of followed) {
        membershipVersions.set(queueId, versions.get(queueId) ?? 0);
        members.set(queueId, new Set(await store.joinedMembers(queueId)));
      }
      await syncActivityTopics();
      const startedAt = now();
      for (const queueId of followed) await requestSeed(queueId, "start", { toMs: startedAt });
      logger.info(
        { queues: followed.length, members: stream.topics().length, activityChannels: plan.memberChannels },
        "roster followed",
      );
      schedulePoll();
    },

    handles: (event) => rosterTopicOf(event.topicName) !== undefined,

    onEvent,

    async onQueueStreamGap(gap) {
      const queueIds = gap.topics.flatMap((topic) => MEMBERSHIP_TOPIC.exec(topic)?.[1] ?? []);
      await markStale(queueIds, "socket-gap", gap.to.getTime());
      for (const queueId of queueIds) {
        await requestSeed(queueId, "gap", { fromMs: gap.from.getTime(), toMs: gap.to.getTime() });
      }
    },

    activityStats: () => stream?.stats(),

    async close() {
      closed = true;
      clearTimeout(pollTimer);
      clearInterval(declareTimer);
      await polling;
      await stream?.close();
    },
  };
}
