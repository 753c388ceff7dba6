import { MAX_TOPICS_PER_CHANNEL } from "../api/notifications.js";

/**
 * Splits the topics into consecutive chunks of at most `size`, one per channel, in the given order: the
 * same topic list always lands on the same channels, which keeps logs and metrics comparable between runs.
 */
export function chunkTopics(topics: readonly string[], size: number = MAX_TOPICS_PER_CHANNEL): string[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError("chunk size must be a positive integer");
  const chunks: string[][] = [];
  for (let start = 0; start < topics.length; start += size) chunks.push(topics.slice(start, start + size));
  return chunks;
}
