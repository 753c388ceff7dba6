/**
 * The Redis layout (README, "Layout"). A user's state is stored once, whatever the number of followed
 * queues the user is a member of; membership is per queue. Every script names every key it touches in
 * KEYS, so the layout stays valid for a Redis Cluster as long as one deployment's keys share a slot (give a
 * hash-tagged prefix such as `routing:{roster}`).
 */
export interface RosterKeys {
  /** HASH userId -> user record (JSON): routing status, presence, skills, languages, member queues. */
  readonly users: string;
  /** HASH queueId -> changes counter: anything a decision reads changed. */
  readonly versions: string;
  /** HASH queueId -> changes counter of the membership alone (who joined or left). */
  readonly membershipVersions: string;
  /** ZSET userId -> the change sequence of the user's latest write (record or membership): the change log. */
  readonly changes: string;
  /** STRING: the change sequence, one up per write the change log notes. */
  readonly changeSeq: string;
  /** HASH queueId -> epoch ms the ingester last declared it followed. */
  readonly followed: string;
  /** HASH userId -> "1:<stampMs>" (joined) or "0:<stampMs>" (left, kept so an older join cannot revive it). */
  members(queueId: string): string;
  /** HASH of the queue's staleness and confirmation times (see `QueueMeta`). */
  meta(queueId: string): string;
  /** STRING, one per staleness episode: the decision that refreshes it. */
  staleRefreshClaim(queueId: string, episode: string): string;
}

export function rosterKeys(prefix: string): RosterKeys {
  return {
    users: `${prefix}:users`,
    versions: `${prefix}:versions`,
    membershipVersions: `${prefix}:membership-versions`,
    changes: `${prefix}:changes`,
    changeSeq: `${prefix}:change-seq`,
    followed: `${prefix}:followed-queues`,
    members: (queueId) => `${prefix}:q:${queueId}:members`,
    meta: (queueId) => `${prefix}:q:${queueId}:meta`,
    staleRefreshClaim: (queueId, episode) => `${prefix}:q:${queueId}:refresh:${episode}`,
  };
}
