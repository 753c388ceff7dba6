/**
 * The notification topics the emulator knows. Genesys has no wildcards: one topic per queue/user/conversation,
 * and a topic whose id is not a UUID is rejected like any other invalid topic.
 */
const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

const TOPIC_PATTERNS: readonly RegExp[] = [
  new RegExp(`^v2\\.routing\\.queues\\.${UUID}\\.conversations$`),
  new RegExp(`^v2\\.routing\\.queues\\.${UUID}\\.users$`),
  new RegExp(`^v2\\.users\\.${UUID}\\.activity$`),
];

export function isSupportedTopic(topic: string): boolean {
  return TOPIC_PATTERNS.some((pattern) => pattern.test(topic));
}

export const topics = {
  queueConversations: (queueId: string) => `v2.routing.queues.${queueId}.conversations`,
  queueUsers: (queueId: string) => `v2.routing.queues.${queueId}.users`,
  userActivity: (userId: string) => `v2.users.${userId}.activity`,
} as const;
