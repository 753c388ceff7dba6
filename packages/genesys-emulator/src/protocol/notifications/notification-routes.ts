import { z } from "zod";
import { toIso } from "../../time/iso.js";
import { ApiError, notFound } from "../http/api-error.js";
import { noContent, ok, type RequestContext, type RouteDefinition, requireCaller } from "../http/route.js";
import { parseOrThrow } from "../http/validation.js";
import type { Channel } from "./channel-registry.js";

const subscriptionsSchema = z.array(z.looseObject({ id: z.string() }));

function channelBody(context: RequestContext, channel: Channel): Record<string, unknown> {
  // The connect URI names the host the caller reached us on, so it works behind 0.0.0.0 or a port mapping.
  const authority = context.headers.host ?? context.services.publicAuthority();
  return {
    connectUri: `ws://${authority}/channels/${channel.id}`,
    id: channel.id,
    expires: toIso(channel.expiresAt),
  };
}

function ownedChannel(context: RequestContext): Channel {
  const caller = requireCaller(context);
  const channelId = context.params.channelId ?? "";
  const channel = context.services.channels.find(caller.clientId, channelId);
  if (channel === undefined) throw notFound("Channel", channelId);
  return channel;
}

function topicListing(channel: Channel, rejected: ReadonlyArray<{ id: string; reason: string }> = []) {
  return {
    entities: [
      ...[...channel.topics].map((id) => ({ id, state: "Permitted" })),
      ...rejected.map(({ id, reason }) => ({ id, state: "Rejected", rejectionReason: reason })),
    ],
  };
}

interface TopicSelection {
  accepted: string[];
  rejected: Array<{ id: string; reason: string }>;
}

/** Validates every topic; without ignoreErrors the first invalid one fails the whole request. */
function selectTopics(context: RequestContext): TopicSelection {
  const requested = parseOrThrow(subscriptionsSchema, context.body ?? null);
  const ignoreErrors = context.query.get("ignoreErrors") === "true";
  const accepted: string[] = [];
  const rejected: Array<{ id: string; reason: string }> = [];
  requested.forEach(({ id }, index) => {
    if (context.services.topicCatalog.isSupported(id)) {
      if (!accepted.includes(id)) accepted.push(id);
      return;
    }
    if (!ignoreErrors) {
      throw new ApiError({
        status: 400,
        code: "notification.invalid.topic",
        messageWithParams: "{topic} is not a valid topic",
        messageParams: { topic: id },
        details: [{ errorCode: "notification.invalid.topic", fieldName: `[${index}].id` }],
      });
    }
    rejected.push({ id, reason: `${id} is not a valid topic` });
  });
  return { accepted, rejected };
}

function checkTopicLimit(context: RequestContext, channel: Channel, total: number): void {
  const limit = context.services.channels.limits.maxTopicsPerChannel;
  if (total <= limit) return;
  throw new ApiError({
    status: 400,
    code: "notification.subscription.too.many.subscriptions",
    messageWithParams: "Channel {channelId} would have {count} subscriptions; the limit is {limit}",
    messageParams: { channelId: channel.id, count: String(total), limit: String(limit) },
  });
}

export const notificationRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/api/v2/notifications/channels",
    auth: "bearer",
    handler(context) {
      const caller = requireCaller(context);
      return ok(channelBody(context, context.services.channels.create(caller)));
    },
  },
  {
    method: "GET",
    path: "/api/v2/notifications/channels",
    auth: "bearer",
    handler(context) {
      const caller = requireCaller(context);
      const scope = context.query.get("includechannels") ?? "token";
      if (scope !== "token" && scope !== "oauthclient") {
        throw new ApiError({
          status: 400,
          code: "invalid.value",
          messageWithParams:
            "Invalid value for query parameter '{field}': {value} (expected token or oauthclient)",
          messageParams: { field: "includechannels", value: scope },
        });
      }
      const channels = context.services.channels.list(
        caller.clientId,
        scope === "token" ? caller.tokenId : undefined,
      );
      return ok({ entities: channels.map((channel) => channelBody(context, channel)) });
    },
  },
  {
    method: "HEAD",
    path: "/api/v2/notifications/channels/{channelId}",
    auth: "bearer",
    handler(context) {
      ownedChannel(context);
      return { status: 200 };
    },
  },
  {
    method: "GET",
    path: "/api/v2/notifications/channels/{channelId}/subscriptions",
    auth: "bearer",
    handler: (context) => ok(topicListing(ownedChannel(context))),
  },
  {
    method: "PUT",
    path: "/api/v2/notifications/channels/{channelId}/subscriptions",
    auth: "bearer",
    handler(context) {
      const channel = ownedChannel(context);
      const { accepted, rejected } = selectTopics(context);
      checkTopicLimit(context, channel, accepted.length);
      context.services.channels.replaceTopics(channel, accepted);
      return ok(topicListing(channel, rejected));
    },
  },
  {
    method: "POST",
    path: "/api/v2/notifications/channels/{channelId}/subscriptions",
    auth: "bearer",
    handler(context) {
      const channel = ownedChannel(context);
      const { accepted, rejected } = selectTopics(context);
      const total = new Set([...channel.topics, ...accepted]).size;
      checkTopicLimit(context, channel, total);
      context.services.channels.addTopics(channel, accepted);
      return ok(topicListing(channel, rejected));
    },
  },
  {
    method: "DELETE",
    path: "/api/v2/notifications/channels/{channelId}/subscriptions",
    auth: "bearer",
    handler(context) {
      context.services.channels.clearTopics(ownedChannel(context));
      return noContent();
    },
  },
];
