/** A notification as Genesys sends it on the channel's WebSocket. */
export interface NotificationEvent {
  readonly topicName: string;
  readonly version?: string;
  readonly eventBody: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Heartbeats (every 30 s) and answers to our pings arrive on this topic; they are not events. */
export const CHANNEL_METADATA_TOPIC = "channel.metadata";
/**
 * System topics arrive on every channel without a subscription (platform-client-sdk-javascript
 * `notificationMappings.json`: `v2.system.socket_closing`, `v2.system.token_revoked.{id}`,
 * `v2.system.no_longer_subscribed.{id}`, `v2.system.{id}.{id}`, bodies `SystemMessageSystemMessage`).
 */
const SYSTEM_PREFIX = "v2.system.";
/** Genesys will close this socket soon: time to move to a new channel. */
export const SOCKET_CLOSING_TOPIC = "v2.system.socket_closing";
/** The channel's token was revoked (the channel closes): get a new token and a new channel. */
export const TOKEN_REVOKED_PREFIX = "v2.system.token_revoked.";
/** The channel lost its subscriptions (the socket stays): subscribe again. */
export const NO_LONGER_SUBSCRIBED_PREFIX = "v2.system.no_longer_subscribed.";

export const HEARTBEAT_MESSAGE = "WebSocket Heartbeat";
export const PONG_MESSAGE = "pong";
export const PING_FRAME = JSON.stringify({ message: "ping" });

export type ClassifiedFrame =
  | { readonly kind: "event"; readonly event: NotificationEvent }
  | { readonly kind: "heartbeat" }
  | { readonly kind: "pong" }
  /** Another channel.metadata message: it proves the socket is alive, nothing more. */
  | { readonly kind: "metadata" }
  | { readonly kind: "socket-closing" }
  | { readonly kind: "token-revoked" }
  | { readonly kind: "no-longer-subscribed"; readonly channelId: string | undefined }
  /** Another `v2.system.*` message: not an event of ours, not delivered. */
  | { readonly kind: "system" }
  | { readonly kind: "invalid"; readonly problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Never throws: a bad frame from the server must not take the stream down. */
export function classifyFrame(text: string): ClassifiedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: "invalid", problem: `is not JSON (${text.length} characters)` };
  }
  if (!isRecord(parsed)) return { kind: "invalid", problem: "is not a JSON object" };
  const { topicName } = parsed;
  if (typeof topicName !== "string" || topicName === "") {
    return { kind: "invalid", problem: "has no topicName" };
  }
  if (topicName === CHANNEL_METADATA_TOPIC) {
    const message = isRecord(parsed.eventBody) ? parsed.eventBody.message : undefined;
    if (message === HEARTBEAT_MESSAGE) return { kind: "heartbeat" };
    if (message === PONG_MESSAGE) return { kind: "pong" };
    return { kind: "metadata" };
  }
  if (topicName === SOCKET_CLOSING_TOPIC) return { kind: "socket-closing" };
  if (topicName.startsWith(TOKEN_REVOKED_PREFIX)) return { kind: "token-revoked" };
  if (topicName.startsWith(NO_LONGER_SUBSCRIBED_PREFIX)) {
    const body = isRecord(parsed.eventBody) ? parsed.eventBody : {};
    const channelId =
      typeof body.channelId === "string"
        ? body.channelId
        : topicName.slice(NO_LONGER_SUBSCRIBED_PREFIX.length);
    return { kind: "no-longer-subscribed", channelId: channelId === "" ? undefined : channelId };
  }
  if (topicName.startsWith(SYSTEM_PREFIX)) return { kind: "system" };
  return { kind: "event", event: parsed as unknown as NotificationEvent };
}
