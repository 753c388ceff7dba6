/**
 * Two queues so that ops can scale them apart: decisions are on a conversation's critical path (seconds
 * matter), maintenance is batch work that may wait. Both spend the same per-client Genesys rate budget.
 */
export const QUEUES = {
  decisions: "routing-decisions",
  maintenance: "routing-maintenance",
} as const;

export type QueueKey = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[QueueKey];
