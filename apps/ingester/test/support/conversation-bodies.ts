/**
 * Conversation bodies as `v2.routing.queues.{id}.conversations` carries them (shared/genesys-api.md,
 * "Notifications" and "Corrections"; the emulator's src/contact-centre/views.ts builds the same shape), at
 * each stage of a conversation's life. As in Genesys, the queue's requirements are on the acd participant
 * and the agent participant's `conversationRoutingData` is present but empty (no queue, `skills: []`).
 * Ids are fixed so expected job ids can be written out.
 */

export const IDS = {
  conversation: "6f1c2a7e-0d4b-4c3e-9a51-3b2f8e7d1c01",
  queue: "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c02",
  otherQueue: "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a03",
  customer: "2c3d4e5f-6071-4829-8b3c-4d5e6f708104",
  acd: "3d4e5f60-7182-4930-9c4d-5e6f70819205",
  otherAcd: "4e5f6071-8293-4a41-8d5e-6f708192a306",
  agentParticipant: "5f607182-93a4-4b52-9e6f-708192a3b407",
  declinedParticipant: "60718293-a4b5-4c63-8f70-8192a3b4c508",
  agentUser: "718293a4-b5c6-4d74-9081-92a3b4c5d609",
  declinedUser: "8293a4b5-c6d7-4e85-a192-a3b4c5d6e70a",
  skillBilling: "93a4b5c6-d7e8-4f96-b2a3-b4c5d6e7f80b",
  skillSpanish: "a4b5c6d7-e8f9-4a07-83b4-c5d6e7f8090c",
  language: "b5c6d7e8-f90a-4b18-94c5-d6e7f8091a0d",
} as const;

export const QUEUE_TOPIC = `v2.routing.queues.${IDS.queue}.conversations`;
export const OTHER_QUEUE_TOPIC = `v2.routing.queues.${IDS.otherQueue}.conversations`;

type MediaArray = "calls" | "callbacks" | "chats" | "emails" | "messages" | "videos";

interface MediaItemOptions {
  readonly state: "alerting" | "connected" | "disconnected" | "terminated" | "scheduled" | "none";
  readonly connected?: boolean;
}

const T0 = "2025-01-06T08:00:00.000Z";
const T1 = "2025-01-06T08:00:05.000Z";
const T2 = "2025-01-06T08:00:09.000Z";

export const SCHEDULED_FOR = "2025-01-06T10:00:00.000Z";

function media(array: MediaArray, id: string, item: MediaItemOptions): Record<string, unknown[]> {
  const all: Record<string, unknown[]> = { calls: [], callbacks: [], chats: [], emails: [], messages: [] };
  all[array] = [
    {
      id: `${id.slice(0, 8)}-0000-4000-8000-000000000000`,
      state: item.state,
      direction: "inbound",
      ...(item.connected === true ? { connectedTime: T1 } : {}),
      ...(item.state === "disconnected" ? { disconnectedTime: T2, disconnectType: "client" } : {}),
      ...(item.state === "scheduled" ? { callbackScheduledTime: SCHEDULED_FOR } : {}),
    },
  ];
  return all;
}

export function routingData(queueId: string = IDS.queue, withLanguage = true): Record<string, unknown> {
  return {
    queue: { id: queueId },
    priority: 0,
    skills: [{ id: IDS.skillBilling }, { id: IDS.skillSpanish }],
    ...(withLanguage ? { language: { id: IDS.language } } : {}),
    scoredAgents: [],
  };
}

/** What Genesys sends on an agent participant: the routing data object, empty (no queue, no skills). */
export const EMPTY_ROUTING_DATA = { priority: 0, skills: [], scoredAgents: [] } as const;

export function customer(state: MediaItemOptions["state"], array: MediaArray = "calls") {
  return {
    id: IDS.customer,
    name: "Customer 1",
    purpose: "customer",
    startTime: T0,
    connectedTime: T0,
    attributes: {},
    ...media(array, IDS.customer, { state, connected: true }),
  };
}

export function acd(
  state: MediaItemOptions["state"],
  options: {
    array?: MediaArray;
    queueId?: string;
    id?: string;
    routing?: boolean | Record<string, unknown>;
  } = {},
) {
  const queueId = options.queueId ?? IDS.queue;
  const routing = options.routing ?? true;
  return {
    id: options.id ?? IDS.acd,
    name: "Support",
    purpose: "acd",
    queueId,
    startTime: T0,
    connectedTime: T0,
    ...(routing === false
      ? {}
      : { conversationRoutingData: routing === true ? routingData(queueId) : routing }),
    attributes: {},
    ...media(options.array ?? "calls", options.id ?? IDS.acd, { state, connected: true }),
  };
}

export function agent(
  state: MediaItemOptions["state"],
  options: {
    answered?: boolean;
    id?: string;
    userId?: string | null;
    queueId?: string;
    array?: MediaArray;
  } = {},
) {
  const answered = options.answered ?? state === "connected";
  const id = options.id ?? IDS.agentParticipant;
  return {
    id,
    name: "Ada Agent",
    purpose: "agent",
    ...(options.userId === null ? {} : { userId: options.userId ?? IDS.agentUser }),
    queueId: options.queueId ?? IDS.queue,
    startTime: T1,
    ...(answered ? { connectedTime: T1 } : {}),
    alertingTimeoutMs: 8000,
    wrapupRequired: true,
    conversationRoutingData: EMPTY_ROUTING_DATA,
    attributes: {},
    ...media(options.array ?? "calls", id, { state, connected: answered }),
  };
}

export function conversation(...participants: unknown[]): Record<string, unknown> {
  return { id: IDS.conversation, participants, recordingState: "none" };
}

/** A customer waiting in the queue, no agent yet. */
export const waitingBody = (array: MediaArray = "calls") =>
  conversation(customer("connected", array), acd("connected", { array }));

/** Offered to an agent: the agent's media item is alerting. */
export const alertingBody = () => conversation(customer("connected"), acd("connected"), agent("alerting"));

/** Answered: the agent is connected, the acd participant has left. */
export const connectedBody = () =>
  conversation(customer("connected"), acd("disconnected"), agent("connected"));

/** Over: everybody disconnected. */
export const endedBody = () =>
  conversation(customer("disconnected"), acd("disconnected"), agent("disconnected", { answered: true }));

/** Back to waiting after the first agent declined the offer. */
export const waitingAfterDeclineBody = () =>
  conversation(
    customer("connected"),
    acd("connected"),
    agent("disconnected", { answered: false, id: IDS.declinedParticipant, userId: IDS.declinedUser }),
  );

/** A callback the customer scheduled for later: booked in the queue, not waiting for an agent yet. */
export const scheduledCallbackBody = () =>
  conversation(customer("scheduled", "callbacks"), acd("scheduled", { array: "callbacks" }));
