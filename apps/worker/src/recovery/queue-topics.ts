const QUEUE_CONVERSATIONS_TOPIC = /^v2\.routing\.queues\.([^.]+)\.conversations$/;

/** The queue id of a `v2.routing.queues.{queueId}.conversations` topic; undefined for any other topic. */
export function queueIdOfTopic(topic: string): string | undefined {
  return QUEUE_CONVERSATIONS_TOPIC.exec(topic)?.[1];
}
