const QUEUE_CONVERSATIONS = /^v2\.routing\.queues\.([^.]+)\.conversations$/;

/** The one topic per queue Genesys offers for its conversations (no wildcards exist). */
export function queueConversationsTopic(queueId: string): string {
  return `v2.routing.queues.${queueId}.conversations`;
}

/** The queue id of a `v2.routing.queues.{id}.conversations` topic, or undefined for any other topic. */
export function queueIdOfTopic(topicName: string): string | undefined {
  return QUEUE_CONVERSATIONS.exec(topicName)?.[1];
}
