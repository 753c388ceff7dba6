import { MAX_TOPICS_PER_CHANNEL } from "../api/notifications.js";
import { GenesysClientOptionsError } from "../errors.js";
import { type ChannelSlot, createChannelSlot } from "./channel-slot.js";
import { waitMs } from "./reconnect-delay.js";
import { callSafely } from "./safe-call.js";
import { createCounters, type NotificationStreamStats } from "./stats.js";
import { GenesysNotificationStreamError } from "./stream-error.js";
import {
  type NotificationStreamOptions,
  type NotificationStreamState,
  type ResolvedStreamOptions,
  resolveStreamOptions,
} from "./stream-options.js";

export interface DynamicNotificationStreamOptions extends Omit<NotificationStreamOptions, "topics"> {
  /** The most channels it may open; topics beyond `maxChannels` x `topicsPerChannel` are refused. */
  readonly maxChannels: number;
  /** @defaultValue 1000 (Genesys' limit per channel) */
  readonly topicsPerChannel?: number;
}

export interface AddedTopics {
  /** Subscribed (or already were). */
  readonly added: readonly string[];
  /** Not subscribed: every channel the stream may open is full. */
  readonly refused: readonly string[];
}

/**
 * A notification stream whose topics change while it runs (the activity topics of a queue's members, as
 * members join and leave). Topics fill channels in order, at most `maxChannels`; each channel is a channel
 * slot of the static stream (pings, reconnects, make-before-break handovers, gaps), and its topic list is
 * kept in step with Genesys by PUTting the whole list (`PUT …/subscriptions` replaces it) after each change
 * and after each new socket whose subscription predates the change.
 */
export interface DynamicNotificationStream {
  /**
   * Resolves once every added topic is subscribed on its channel's open socket (opening channels as needed),
   * or, for a channel reconnecting meanwhile, is in the list its next socket subscribes. Rejects when a new
   * channel fails for good (`GenesysNotificationStreamError`, cause: the Genesys error).
   */
  addTopics(topics: readonly string[]): Promise<AddedTopics>;
  /** Resolves once Genesys has the shorter lists (channels stay open, empty or not). */
  removeTopics(topics: readonly string[]): Promise<void>;
  topics(): string[];
  /** Topics it can hold: `maxChannels` x `topicsPerChannel`. */
  capacity(): number;
  stats(): NotificationStreamStats;
  state(): NotificationStreamState;
  close(): Promise<void>;
}

interface DynamicSlot {
  readonly index: number;
  readonly slot: ChannelSlot;
  /** The channel's topics as we want them; the slot reads this very array when it (re)subscribes. */
  readonly topics: string[];
  /** Raised on every change of `topics`. */
  version: number;
  /** Channel id -> the version of `topics` last PUT on it. */
  readonly subscribed: Map<string, number>;
  started: boolean;
  opened: Promise<void>;
  /** The chain of PUTs, one at a time. */
  sync: Promise<void>;
}

const SYNC_ATTEMPTS = 4;
const SYNC_RETRY_MS = 500;

function validTopic(topic: unknown, index: number): string {
  if (typeof topic !== "string" || topic.trim() === "") {
    throw new GenesysClientOptionsError(`topics[${index}]`, "must be a non-empty string");
  }
  return topic;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Validates the options (GenesysClientOptionsError naming the option); opens nothing until topics are added. */
export function createDynamicNotificationStream(
  options: DynamicNotificationStreamOptions,
): DynamicNotificationStream {
  // The static stream's validation and defaults; its topic list is ours to keep here.
  const settings: ResolvedStreamOptions = resolveStreamOptions({ ...options, topics: ["dynamic"] });
  const maxChannels = options.maxChannels;
  if (!Number.isInteger(maxChannels) || maxChannels < 0) {
    throw new GenesysClientOptionsError("maxChannels", "must be a whole number >= 0");
  }
  const perChannel = options.topicsPerChannel ?? MAX_TOPICS_PER_CHANNEL;
  if (!Number.isInteger(perChannel) || perChannel < 1 || perChannel > MAX_TOPICS_PER_CHANNEL) {
    throw new GenesysClientOptionsError(
      "topicsPerChannel",
      `must be a whole number from 1 to ${MAX_TOPICS_PER_CHANNEL}`,
    );
  }
  const counters = createCounters();
  const slots: DynamicSlot[] = [];
  const where = new Map<string, DynamicSlot>();
  const abort = new AbortController();
  let closing: Promise<void> | undefined;
  let state: NotificationStreamState = "idle";

  const report = (error: GenesysNotificationStreamError): void => {
    const { onError } = settings;
    if (onError !== undefined)
      callSafely(
        () => onError(error),
        () => {},
      );
  };

  const refreshState = (): void => {
    let next: NotificationStreamState;
    if (closing !== undefined)
      next = slots.every((entry) => entry.slot.status === "closed") ? "closed" : "closing";
    else if (slots.length === 0) next = "idle";
    else {
      const statuses = new Set(slots.map((entry) => entry.slot.status));
      next = statuses.has("stopped")
        ? "degraded"
        : statuses.has("connecting")
          ? "connecting"
          : statuses.has("reconnecting")
            ? "reconnecting"
            : "open";
    }
    if (next === state) return;
    state = next;
    const { onStateChange } = settings;
    if (onStateChange !== undefined)
      callSafely(
        () => onStateChange(next),
        () => {},
      );
  };

  /** PUTs the slot's list on its current channel until Genesys has the latest version (or it is gone). */
  const putLatest = async (entry: DynamicSlot): Promise<void> => {
    for (let attempt = 1; closing === undefined; attempt++) {
      const channelId = entry.slot.channelId;
      // No socket now: the next one subscribes the list as it is then, and onOpen checks it.
      if (channelId === undefined) return;
      const version = entry.version;
      if (entry.subscribed.get(channelId) === version) return;
      try {
        // The notifications lane, as every call of the channel slots: never starved by workers.
        await settings.notifications.putSubscriptions(channelId, [...entry.topics], {
          signal: abort.signal,
          lane: "notifications",
        });
        entry.subscribed.set(channelId, version);
      } catch (error) {
        if (closing !== undefined) return;
        report(
          new GenesysNotificationStreamError({
            code: "connect-failed",
            message: `Notification channel ${entry.index}: updating its topics failed${attempt < SYNC_ATTEMPTS ? ", retrying" : ""}: ${messageOf(error)}`,
            channelIndex: entry.index,
            channelId,
            cause: error,
          }),
        );
        if (attempt >= SYNC_ATTEMPTS) throw error;
        await waitMs(SYNC_RETRY_MS * attempt, abort.signal);
      }
    }
  };

  const scheduleSync = (entry: DynamicSlot): Promise<void> => {
    const run = entry.sync.then(() => putLatest(entry));
    entry.sync = run.catch(() => {});
    return run;
  };

  const openSlot = (): DynamicSlot => {
    const index = slots.length;
    const topics: string[] = [];
    let entry: DynamicSlot | undefined;
    const subscribed = new Map<string, number>();
    // Records which version of the list each (re)subscription sent: the slot PUTs `topics` itself.
    const notifications = {
      createChannel: settings.notifications.createChannel.bind(settings.notifications),
      putSubscriptions: async (
        channelId: string,
        list: readonly string[],
        callOptions?: { signal?: AbortSignal },
      ) => {
        const version = entry?.version ?? 0;
        const result = await settings.notifications.putSubscriptions(channelId, list, callOptions);
        subscribed.set(channelId, version);
        return result;
      },
    };
    const slot = createChannelSlot({
      index,
      topics,
      options: {
        ...settings,
        notifications,
        // Gaps are reported with the channel's list; it may have changed since, so hand out a copy.
        onGap:
          settings.onGap === undefined
            ? undefined
            : (gap) => settings.onGap?.({ ...gap, topics: [...gap.topics] }),
      },
      counters,
      report,
      onStatusChange: refreshState,
      onOpen: () => {
        if (entry !== undefined) void scheduleSync(entry).catch(() => {});
      },
    });
    entry = {
      index,
      slot,
      topics,
      version: 0,
      subscribed,
      started: false,
      opened: Promise.resolve(),
      sync: Promise.resolve(),
    };
    slots.push(entry);
    return entry;
  };

  const startSlot = (entry: DynamicSlot): void => {
    entry.started = true;
    entry.opened = entry.slot.start();
    entry.opened.catch(() => {});
    refreshState();
  };

  return {
    async addTopics(requested) {
      if (closing !== undefined) {
        throw new GenesysNotificationStreamError({
          code: "closed",
          message: "The notification stream is closed",
        });
      }
      const added: string[] = [];
      const refused: string[] = [];
      const touched = new Set<DynamicSlot>();
      requested.forEach((topic, index) => {
        const name = validTopic(topic, index);
        if (where.has(name)) {
          added.push(name);
          return;
        }
        let entry = slots.find(
          (candidate) => candidate.topics.length < perChannel && candidate.slot.status !== "stopped",
        );
        if (entry === undefined && slots.length < maxChannels) entry = openSlot();
        if (entry === undefined) {
          refused.push(name);
          return;
        }
        entry.topics.push(name);
        entry.version += 1;
        where.set(name, entry);
        touched.add(entry);
        added.push(name);
      });
      await Promise.all(
        [...touched].map(async (entry) => {
          // A new channel subscribes its list as it opens; then (and for an open one) a PUT catches up.
          if (!entry.started) startSlot(entry);
          await entry.opened;
          await scheduleSync(entry);
        }),
      );
      return { added, refused };
    },

    async removeTopics(requested) {
      const touched = new Set<DynamicSlot>();
      for (const topic of requested) {
        const entry = where.get(topic);
        if (entry === undefined) continue;
        where.delete(topic);
        entry.topics.splice(entry.topics.indexOf(topic), 1);
        entry.version += 1;
        touched.add(entry);
      }
      await Promise.all([...touched].map((entry) => scheduleSync(entry)));
    },

    topics: () => [...where.keys()],
    capacity: () => maxChannels * perChannel,
    stats: () => ({
      ...counters,
      channels: slots.map((entry) => ({
        index: entry.index,
        topicCount: entry.topics.length,
        channelId: entry.slot.channelId,
        status: entry.slot.status,
        consecutiveFailures: entry.slot.consecutiveFailures,
        failingSince: entry.slot.failingSince,
        expiresAt: entry.slot.expiresAt,
      })),
    }),
    state: () => state,
    close() {
      closing ??= (async () => {
        abort.abort();
        refreshState();
        await Promise.all(slots.map((entry) => entry.slot.close()));
        refreshState();
      })();
      return closing;
    },
  };
}
