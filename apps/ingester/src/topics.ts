const QUEUE_CONVERSATIONS = /^v2\.routing\.queues\.([^.]+)\.conversations$/;

/** The one topic per queue Genesys offers for its conversations (no wildcards exist). */
export function queueConversationsTopic(queueId: string): string {
  return `v2.routing.queues.${queueId}.conversations`;
}

/** The queue id of a `v2.routing.queues.{id}.conversations` topic, or undefined for any other topic. */
export function queueIdOfTopic(topicName: string): string | undefined {
  return QUEUE_CONVERSATIONS.exec(topicName)?.[1];
}

// A segment that is a plain lower-case word is part of the topic's kind; anything else is an id.
const WORD = /^[a-z][a-zA-Z_]*$/;

/**
 * The topic with its ids replaced by `{id}` (`v2.routing.queues.{id}.conversations`): a metric label of
 * bounded cardinality, however many queues, users or conversations there are.
 */
export function topicKind(topicName: string): string {
  return topicName
    .split(".")
    .map((segment) => (segment === "v2" || WORD.test(segment) ? segment : "{id}"))
    .join(".");
}
