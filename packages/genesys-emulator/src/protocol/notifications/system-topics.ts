/**
 * Topics of the notification protocol itself: they arrive on every channel without a subscription.
 * Names from platform-client-sdk-javascript `notificationMappings.json` (v259): `v2.system.socket_closing`,
 * `v2.system.token_revoked.{id}`, `v2.system.no_longer_subscribed.{id}`, all with a `SystemMessageSystemMessage`
 * body; `channel.metadata` carries heartbeats and pongs.
 */
export const SOCKET_CLOSING_TOPIC = "v2.system.socket_closing";
export const CHANNEL_METADATA_TOPIC = "channel.metadata";
