import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type { ChannelTopic, EntityListing, NotificationChannel } from "../models.js";
import { requireBoolean, requireId, requireIds } from "../validation.js";
import type { CallOptions } from "./call-options.js";

/** Genesys accepts at most 1,000 topics per channel. */
export const MAX_TOPICS_PER_CHANNEL = 1000;

export interface AddSubscriptionsOptions extends CallOptions {
  /** Subscribe to the valid topics of a partly bad list instead of failing (`?ignoreErrors=true`). */
  readonly ignoreErrors?: boolean;
}

export interface NotificationsApi {
  /** `POST /api/v2/notifications/channels`. The 21st channel of an app evicts the oldest. */
  createChannel(options?: CallOptions): Promise<NotificationChannel>;
  /** `GET /api/v2/notifications/channels`. */
  getChannels(
    options?: CallOptions & { readonly includeChannels?: "token" | "oauthclient" },
  ): Promise<NotificationChannel[]>;
  /** `PUT …/channels/{channelId}/subscriptions`: replaces the channel's topics. */
  putSubscriptions(
    channelId: string,
    topics: readonly string[],
    options?: CallOptions,
  ): Promise<ChannelTopic[]>;
  /** `POST …/channels/{channelId}/subscriptions`: adds topics. */
  postSubscriptions(
    channelId: string,
    topics: readonly string[],
    options?: AddSubscriptionsOptions,
  ): Promise<ChannelTopic[]>;
  /** `GET …/channels/{channelId}/subscriptions`. */
  getSubscriptions(channelId: string, options?: CallOptions): Promise<ChannelTopic[]>;
  /** `DELETE …/channels/{channelId}/subscriptions`: removes every topic. */
  deleteSubscriptions(channelId: string, options?: CallOptions): Promise<void>;
}

const CHANNELS = "/api/v2/notifications/channels";
const SUBSCRIPTIONS = "/api/v2/notifications/channels/{channelId}/subscriptions";

function entitiesOf<T>(data: unknown): T[] {
  const listing = (data ?? {}) as EntityListing<T>;
  return [...(listing.entities ?? [])];
}

function topicBody(topics: readonly string[]): { id: string }[] {
  const ids = requireIds("topics", topics, { maxLength: MAX_TOPICS_PER_CHANNEL });
  if (new Set(ids).size !== ids.length) throw new GenesysValidationError("topics", "must not repeat a topic");
  return ids.map((id) => ({ id }));
}

export function createNotificationsApi(transport: ApiTransport): NotificationsApi {
  return {
    async createChannel(options = {}) {
      const channel = (await transport.request({
        method: "POST",
        pathTemplate: CHANNELS,
        signal: options.signal,
        lane: options.lane,
      })) as NotificationChannel;
      return channel;
    },
    async getChannels(options = {}) {
      const data = await transport.request({
        method: "GET",
        pathTemplate: CHANNELS,
        query: { includechannels: options.includeChannels },
        signal: options.signal,
        lane: options.lane,
      });
      return entitiesOf<NotificationChannel>(data);
    },
    async putSubscriptions(channelId, topics, options = {}) {
      const body = topicBody(topics);
      const data = await transport.request({
        method: "PUT",
        pathTemplate: SUBSCRIPTIONS,
        pathParams: { channelId: requireId("channelId", channelId) },
        body,
        signal: options.signal,
        lane: options.lane,
      });
      return entitiesOf<ChannelTopic>(data);
    },
    async postSubscriptions(channelId, topics, options = {}) {
      const body = topicBody(topics);
      const ignoreErrors =
        options.ignoreErrors === undefined ? undefined : requireBoolean("ignoreErrors", options.ignoreErrors);
      const data = await transport.request({
        method: "POST",
        pathTemplate: SUBSCRIPTIONS,
        pathParams: { channelId: requireId("channelId", channelId) },
        query: { ignoreErrors },
        body,
        // Adding topics that are already there changes nothing, so a lost response may be retried.
        idempotent: true,
        signal: options.signal,
        lane: options.lane,
      });
      return entitiesOf<ChannelTopic>(data);
    },
    async getSubscriptions(channelId, options = {}) {
      const data = await transport.request({
        method: "GET",
        pathTemplate: SUBSCRIPTIONS,
        pathParams: { channelId: requireId("channelId", channelId) },
        signal: options.signal,
        lane: options.lane,
      });
      return entitiesOf<ChannelTopic>(data);
    },
    async deleteSubscriptions(channelId, options = {}) {
      await transport.request({
        method: "DELETE",
        pathTemplate: SUBSCRIPTIONS,
        pathParams: { channelId: requireId("channelId", channelId) },
        signal: options.signal,
        lane: options.lane,
      });
    },
  };
}
