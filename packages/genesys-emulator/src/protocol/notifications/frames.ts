import { CHANNEL_METADATA_TOPIC, SOCKET_CLOSING_TOPIC, type SystemMessage } from "./system-topics.js";

export interface NotificationFrame {
  topicName: string;
  version: "2";
  eventBody: unknown;
  metadata: { CorrelationId: string };
}

export interface MetadataFrame {
  topicName: typeof CHANNEL_METADATA_TOPIC;
  eventBody: { message: string };
}

export function eventFrame(topicName: string, eventBody: unknown, correlationId: string): NotificationFrame {
  return { topicName, version: "2", eventBody, metadata: { CorrelationId: correlationId } };
}

export function heartbeatFrame(): MetadataFrame {
  return { topicName: CHANNEL_METADATA_TOPIC, eventBody: { message: "WebSocket Heartbeat" } };
}

export function pongFrame(): MetadataFrame {
  return { topicName: CHANNEL_METADATA_TOPIC, eventBody: { message: "pong" } };
}

export function socketClosingFrame(correlationId: string): NotificationFrame {
  return eventFrame(SOCKET_CLOSING_TOPIC, { message: "Socket closing" }, correlationId);
}

/** `v2.system.token_revoked.{id}` / `v2.system.no_longer_subscribed.{id}`: a SystemMessage body. */
export function systemMessageFrame(topicName: string, body: SystemMessage): NotificationFrame {
  return eventFrame(topicName, body, body.correlationId);
}
