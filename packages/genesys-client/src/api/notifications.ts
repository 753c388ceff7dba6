import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type { ChannelTopic, EntityListing, NotificationChannel } from "../models.js";
import { requireId, requireIds } from "../validation.js";
import type { CallOptions } from "./call-options.js";

/** Genesys accepts at most 1,000 topics per channel. */
export const MAX_TOPICS_PER_CHANNEL = 1000;

export interface NotificationsApi {
  /** `POST /api/v2/notifications/channels`. The 21st channel of an app evicts the oldest. */
  createChannel(options?: CallOptions): Promise<NotificationChannel>;
  /** `PUT …/channels/{channelId}/subscriptions`: replaces the channel's topics. */
  putSubscriptions(
    channelId: string,
    topics: readonly string[],
    options?: CallOptions,
  ): Promise<ChannelTopic[]>;
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
        observer: options.observer,
        lane: options.lane,
      })) as NotificationChannel;
      return channel;
    },
    async putSubscriptions(channelId, topics, options = {}) {
      const body = topicBody(topics);
      const data = await transport.request({
        method: "PUT",
        pathTemplate: SUBSCRIPTIONS,
        pathParams: { channelId: requireId("channelId", channelId) },
        body,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
      return entitiesOf<ChannelTopic>(data);
    },
  };
}
