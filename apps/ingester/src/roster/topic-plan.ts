/**
 * How an ingester's notification topics fit Genesys' limits (shared/genesys-api.md, "Notifications"): at most
 * 1,000 topics per channel and 20 channels per OAuth client, where the 21st channel evicts the oldest. Every
 * ingester replica holds every topic (each must see every event, the job ids deduplicate), and each may at
 * any moment be handing ALL its channels over make-before-break (Genesys announces `v2.system.socket_closing`
 * to every socket at once), which needs a second channel per channel while it lasts. So each replica may use
 * at most floor(channelsPerClient / (2 x replicas)) channels; more, and a handover evicts a live channel.
 */
export interface TopicLimits {
  /** @defaultValue 1000 */
  readonly topicsPerChannel: number;
  /** @defaultValue 20 */
  readonly channelsPerClient: number;
}

export const GENESYS_TOPIC_LIMITS: TopicLimits = { topicsPerChannel: 1_000, channelsPerClient: 20 };

export interface TopicDemand {
  readonly queues: number;
  /** Per queue: its conversations (and, with the roster, its membership) topic. */
  readonly queueTopics: number;
  /** One `v2.users.{id}.activity` per distinct member of the followed queues. */
  readonly memberTopics: number;
  /** Where `memberTopics` came from, for the message: the roster in Redis, or Genesys' member counts. */
  readonly memberSource: "roster" | "queue member counts" | "none";
  readonly replicas: number;
}

export interface TopicPlan {
  /** The most channels one replica may open (handovers of every replica at once included). */
  readonly channelsPerReplica: number;
  readonly queueChannels: number;
  /** Channels left for member activity topics, and the topics they hold. */
  readonly memberChannels: number;
  readonly memberCapacity: number;
}

/** Over capacity at start-up: the message names every number that went into the decision. */
export class TopicCapacityError extends Error {
  override readonly name = "TopicCapacityError";
  constructor(
    message: string,
    readonly demand: TopicDemand,
    readonly plan: TopicPlan,
  ) {
    super(message);
  }
}

const channelsFor = (topics: number, perChannel: number): number => Math.ceil(topics / perChannel);
const count = (value: number): string => value.toLocaleString("en-US");

/** Pure: the plan, or TopicCapacityError when the topics do not fit. */
export function planTopics(demand: TopicDemand, limits: TopicLimits = GENESYS_TOPIC_LIMITS): TopicPlan {
  const channelsPerReplica = Math.floor(limits.channelsPerClient / (2 * demand.replicas));
  const queueChannels = channelsFor(demand.queueTopics, limits.topicsPerChannel);
  const memberChannels = Math.max(0, channelsPerReplica - queueChannels);
  const plan: TopicPlan = {
    channelsPerReplica,
    queueChannels,
    memberChannels,
    memberCapacity: memberChannels * limits.topicsPerChannel,
  };
  const neededChannels = queueChannels + channelsFor(demand.memberTopics, limits.topicsPerChannel);
  if (neededChannels <= channelsPerReplica) return plan;
  const total = demand.queueTopics + demand.memberTopics;
  throw new TopicCapacityError(
    `notification topics over capacity: ${count(demand.queues)} queue(s) need ${count(demand.queueTopics)} queue ` +
      `topics and ${count(demand.memberTopics)} member(s) (from the ${demand.memberSource}) need ` +
      `${count(demand.memberTopics)} activity topics: ${count(total)} topics in ${neededChannels} channel(s) ` +
      `of ${count(limits.topicsPerChannel)}; with INGESTER_REPLICAS=${demand.replicas}, each replica may use ` +
      `${channelsPerReplica} channel(s) (${limits.channelsPerClient} per OAuth client, halved so that every replica ` +
      `can hand all its channels over at once). Follow fewer queues (INGESTER_QUEUE_IDS), run fewer replicas, or ` +
      "give each group of replicas its own OAuth client",
    demand,
    plan,
  );
}
