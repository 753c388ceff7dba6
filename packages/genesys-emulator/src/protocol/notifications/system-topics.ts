/**
 * Topics of the notification protocol itself: they arrive on every channel without a subscription.
 * Names from platform-client-sdk-javascript `notificationMappings.json` (v259): `v2.system.socket_closing`,
 * `v2.system.token_revoked.{id}`, `v2.system.no_longer_subscribed.{id}`, all with a `SystemMessageSystemMessage`
 * body; `channel.metadata` carries heartbeats and pongs.
 */
export const SOCKET_CLOSING_TOPIC = "v2.system.socket_closing";
export const CHANNEL_METADATA_TOPIC = "channel.metadata";

/** The channel's token was revoked: get a new token and a new channel (the channel closes). */
export const tokenRevokedTopic = (channelId: string): string => `v2.system.token_revoked.${channelId}`;
/** The channel lost its subscriptions (the socket stays open): subscribe again. */
export const noLongerSubscribedTopic = (channelId: string): string =>
  `v2.system.no_longer_subscribed.${channelId}`;

/**
 * `SystemMessageSystemMessage` (platform-client-sdk-javascript `build/index.d.ts`, python
 * `build/docs/SystemMessageSystemMessage.md`). Which of its optional fields Genesys fills, and the values
 * of `systemTopicType` and `reason`, are not documented; the emulator fills the ones it knows.
 */
export interface SystemMessage {
  channelId: string;
  systemTopicType: string;
  correlationId: string;
  oauthClientId: string;
  reason: string;
  message: string;
}
