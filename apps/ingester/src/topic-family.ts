/**
 * The topic families Genesys documents for notification channels, each as the label it is counted under.
 * Source: the topic list of `MyPureCloud/platform-client-sdk-javascript` (`notificationMappings.json`, v259)
 * for `v2.routing.queues.{id}.conversations[.{media}]|users`, `v2.users.{id}.routingStatus|activity|presence`,
 * `v2.detail.events.conversation.{id}.*` and the `v2.system.*` topics; `channel.metadata` carries heartbeats
 * and pongs.
 */
const FAMILIES = [
  ["v2.routing.queues.{id}.conversations", /^v2\.routing\.queues\.[^.]+\.conversations$/],
  ["v2.routing.queues.{id}.conversations.{media}", /^v2\.routing\.queues\.[^.]+\.conversations\.[a-z]+$/],
  ["v2.routing.queues.{id}.users", /^v2\.routing\.queues\.[^.]+\.users$/],
  ["v2.users.{id}.routingStatus", /^v2\.users\.[^.]+\.routingStatus$/],
  ["v2.users.{id}.activity", /^v2\.users\.[^.]+\.activity$/],
  ["v2.users.{id}.presence", /^v2\.users\.[^.]+\.presence$/],
  ["v2.detail.events.conversation.{id}.acd.start", /^v2\.detail\.events\.conversation\.[^.]+\.acd\.start$/],
  ["v2.detail.events.conversation.{id}.acd.end", /^v2\.detail\.events\.conversation\.[^.]+\.acd\.end$/],
  ["v2.detail.events.conversation.{id}.user.start", /^v2\.detail\.events\.conversation\.[^.]+\.user\.start$/],
  ["v2.detail.events.conversation.{id}.user.end", /^v2\.detail\.events\.conversation\.[^.]+\.user\.end$/],
  ["v2.system.socket_closing", /^v2\.system\.socket_closing$/],
  ["v2.system.token_revoked.{id}", /^v2\.system\.token_revoked\.[^.]+$/],
  ["v2.system.no_longer_subscribed.{id}", /^v2\.system\.no_longer_subscribed\.[^.]+$/],
  ["channel.metadata", /^channel\.metadata$/],
] as const;

export type TopicFamily = (typeof FAMILIES)[number][0] | "other";

/** The longest topic name worth matching: Genesys topics are ids and a few words. */
const MAX_TOPIC_LENGTH = 300;

/**
 * A topic's family, from a closed list ("other" for anything else): a metric label whose values are known
 * in advance, whatever a sender puts in `topicName` (20,000 made-up names are still one series).
 */
export function topicFamily(topicName: unknown): TopicFamily {
  if (typeof topicName !== "string" || topicName.length > MAX_TOPIC_LENGTH) return "other";
  for (const [family, pattern] of FAMILIES) if (pattern.test(topicName)) return family;
  return "other";
}

/** Every label value `topicFamily` can return (tests and dashboards). */
export const TOPIC_FAMILIES: readonly TopicFamily[] = [...FAMILIES.map(([family]) => family), "other"];
