import type { RandomStream } from "../../random/prng.js";
import type { Clock, TimerId } from "../../time/clock.js";

export type ChannelCloseReason = "expired" | "evicted" | "token-revoked" | "shutdown";

export interface Channel {
  readonly id: string;
  readonly clientId: string;
  readonly tokenId: string;
  readonly createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
  connected: boolean;
  /** Insertion-ordered, so listings come back in the order topics were added. */
  readonly topics: Set<string>;
  expiryTimer: TimerId;
}

export interface ChannelLimits {
  ttlMs: number;
  maxChannelsPerClient: number;
  maxTopicsPerChannel: number;
}

export interface ChannelRegistry {
  readonly limits: ChannelLimits;
  create(owner: { clientId: string; tokenId: string }): Channel;
  /** Channels of the client; with a tokenId only those created with that token. */
  list(clientId: string, tokenId?: string): Channel[];
  find(clientId: string, channelId: string): Channel | undefined;
  findById(channelId: string): Channel | undefined;
  replaceTopics(channel: Channel, topics: readonly string[]): void;
  addTopics(channel: Channel, topics: readonly string[]): void;
  clearTopics(channel: Channel): void;
  subscribers(topic: string): Channel[];
  setConnected(channel: Channel, connected: boolean): void;
  /**
   * Removes the channels created with a revoked token. Only revocation: no Genesys page says a channel goes when
   * the token that created it merely expires (see closeForChannel in socket-hub.ts and the README).
   */
  closeChannelsOfRevokedToken(tokenId: string): void;
  onClosed(listener: (channel: Channel, reason: ChannelCloseReason) => void): void;
  dispose(): void;
}

export interface ChannelRegistryOptions {
  clock: Clock;
  ids: RandomStream;
  limits: ChannelLimits;
}

export function createChannelRegistry(options: ChannelRegistryOptions): ChannelRegistry {
  const { clock, limits } = options;
  const channels = new Map<string, Channel>();
  const channelsByTopic = new Map<string, Set<Channel>>();
  const listeners: Array<(channel: Channel, reason: ChannelCloseReason) => void> = [];

  const unindex = (channel: Channel): void => {
    for (const topic of channel.topics) {
      const subscribed = channelsByTopic.get(topic);
      subscribed?.delete(channel);
      if (subscribed?.size === 0) channelsByTopic.delete(topic);
    }
  };

  const index = (channel: Channel, topic: string): void => {
    let subscribed = channelsByTopic.get(topic);
    if (subscribed === undefined) {
      subscribed = new Set();
      channelsByTopic.set(topic, subscribed);
    }
    subscribed.add(channel);
  };

  const remove = (channel: Channel, reason: ChannelCloseReason): void => {
    if (!channels.delete(channel.id)) return;
    clock.cancel(channel.expiryTimer);
    unindex(channel);
    for (const listener of listeners) listener(channel, reason);
  };

  const armExpiry = (channel: Channel): void => {
    clock.cancel(channel.expiryTimer);
    channel.expiresAt = clock.now() + limits.ttlMs;
    channel.expiryTimer = clock.schedule(limits.ttlMs, () => remove(channel, "expired"));
  };

  /** Genesys: the oldest by last use goes first, channels without a connection before connected ones. */
  const evictOneFor = (clientId: string): void => {
    const owned = [...channels.values()].filter((channel) => channel.clientId === clientId);
    const ordered = owned.sort(
      (a, b) => Number(a.connected) - Number(b.connected) || a.lastUsedAt - b.lastUsedAt,
    );
    const victim = ordered[0];
    if (victim !== undefined) remove(victim, "evicted");
  };

  const touch = (channel: Channel): void => {
    channel.lastUsedAt = clock.now();
  };

  return {
    limits,
    create(owner) {
      while (
        [...channels.values()].filter((c) => c.clientId === owner.clientId).length >=
        limits.maxChannelsPerClient
      ) {
        evictOneFor(owner.clientId);
      }
      const now = clock.now();
      const channel: Channel = {
        id: options.ids.uuid(),
        clientId: owner.clientId,
        tokenId: owner.tokenId,
        createdAt: now,
        expiresAt: now + limits.ttlMs,
        lastUsedAt: now,
        connected: false,
        topics: new Set(),
        expiryTimer: 0,
      };
      channels.set(channel.id, channel);
      armExpiry(channel);
      return channel;
    },
    list(clientId, tokenId) {
      return [...channels.values()].filter(
        (channel) => channel.clientId === clientId && (tokenId === undefined || channel.tokenId === tokenId),
      );
    },
    find(clientId, channelId) {
      const channel = channels.get(channelId);
      return channel?.clientId === clientId ? channel : undefined;
    },
    findById: (channelId) => channels.get(channelId),
    replaceTopics(channel, topics) {
      unindex(channel);
      channel.topics.clear();
      for (const topic of topics) {
        channel.topics.add(topic);
        index(channel, topic);
      }
      touch(channel);
      armExpiry(channel);
    },
    addTopics(channel, topics) {
      for (const topic of topics) {
        channel.topics.add(topic);
        index(channel, topic);
      }
      touch(channel);
      armExpiry(channel);
    },
    clearTopics(channel) {
      unindex(channel);
      channel.topics.clear();
      touch(channel);
    },
    subscribers(topic) {
      return [...(channelsByTopic.get(topic) ?? [])];
    },
    setConnected(channel, connected) {
      channel.connected = connected;
      touch(channel);
    },
    closeChannelsOfRevokedToken(tokenId) {
      for (const channel of [...channels.values()]) {
        if (channel.tokenId === tokenId) remove(channel, "token-revoked");
      }
    },
    onClosed(listener) {
      listeners.push(listener);
    },
    dispose() {
      for (const channel of [...channels.values()]) remove(channel, "shutdown");
    },
  };
}
