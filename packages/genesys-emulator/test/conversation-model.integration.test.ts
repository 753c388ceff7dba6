/**
 * The conversation as Genesys shapes it (issues #7, #8): requirements on the acd leg and an empty routing
 * data object on the agent leg, scheduled callbacks, skill expressions, the queue's preferred agent
 * routing rules and the routing that honours them, and repeated or duplicated events.
 */
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../src/index.js";
import type { ConversationBody, ConversationParticipant } from "./genesys-shapes.js";
import { api, flush, getToken, openChannel, type TestSocket, useEmulators } from "./helpers.js";

const start = useEmulators();

const QUIET = { arrivalsPerMinute: 0, meanPatienceMs: 0, routingDelayMs: 2000, wrapUpMs: 0 } as const;
const HOUR_MS = 60 * 60_000;

async function quietCentre(contactCentre: Record<string, unknown> = {}) {
  // One run id: two centres compared event for event mint the same ids.
  const emulator = await start({
    clock: "manual",
    runId: "model",
    contactCentre: { ...QUIET, ...contactCentre },
  });
  const token = await getToken(emulator);
  const snapshot = emulator.control.snapshot();
  const queue = snapshot.queues[0];
  if (queue === undefined) throw new Error("no queue");
  return { emulator, token, queue, snapshot };
}

function bodiesOf(socket: TestSocket, conversationId: string): ConversationBody[] {
  return socket.frames
    .filter((frame) => frame.topicName.endsWith(".conversations"))
    .map((frame) => frame.eventBody as ConversationBody)
    .filter((body) => body.id === conversationId);
}

const legOf = (body: ConversationBody, purpose: string): ConversationParticipant | undefined =>
  body.participants.filter((participant) => participant.purpose === purpose).at(-1);

function idleMembers(emulator: RunningEmulator, queueId: string) {
  return emulator.control
    .snapshot()
    .agents.filter((agent) => agent.queueIds.includes(queueId) && agent.routingStatus.status === "IDLE")
    .sort((a, b) => a.routingStatus.startTime - b.routingStatus.startTime);
}

interface DetailSession {
  mediaType?: string;
  skillExpressionId?: string;
  callbackScheduledTime?: string;
  segments: Array<{ segmentType: string; segmentEnd?: string }>;
}

/** The acd participant's session of an analytics conversation detail. */
function acdSessionOf(detail: Record<string, unknown> | undefined): DetailSession | undefined {
  const participants = (detail?.participants ?? []) as Array<{ purpose: string; sessions: DetailSession[] }>;
  return participants.find((participant) => participant.purpose === "acd")?.sessions[0];
}

async function detailOf(emulator: RunningEmulator, token: string, conversationId: string) {
  const now = emulator.control.now();
  const response = await api<{ conversations?: Array<Record<string, unknown>> }>(
    emulator,
    token,
    "POST",
    "/api/v2/analytics/conversations/details/query",
    {
      interval: `${new Date(now - 86_400_000).toISOString()}/${new Date(now + 60_000).toISOString()}`,
      conversationFilters: [
        { type: "and", predicates: [{ dimension: "conversationId", value: conversationId }] },
      ],
    },
  );
  expect(response.status).toBe(200);
  return response.body.conversations?.[0];
}

describe("conversation legs as Genesys sends them", () => {
  it("the acd leg carries the queue's requirements; the agent leg's routing data is present but empty", async () => {
    const { emulator, token, queue, snapshot } = await quietCentre();
    const language = snapshot.languages[0];
    const channel = await openChannel(emulator, token, [`v2.routing.queues.${queue.id}.conversations`]);
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      skillIds: [queue.primarySkillId],
      ...(language === undefined ? {} : { languageId: language.id }),
      skillExpressionId: "expr-support-tier2",
      priority: 3,
    });
    await emulator.control.advance(2000);
    await channel.waitFor((frame) => {
      const body = frame.eventBody as ConversationBody;
      return body.id === conversationId && legOf(body, "agent") !== undefined;
    });
    const offered = bodiesOf(channel, conversationId).find((body) => legOf(body, "agent") !== undefined);
    if (offered === undefined) throw new Error("no offer");

    expect(legOf(offered, "acd")?.conversationRoutingData).toEqual({
      queue: { id: queue.id },
      priority: 3,
      skills: [{ id: queue.primarySkillId }],
      ...(language === undefined ? {} : { language: { id: language.id } }),
      skillExpressionId: "expr-support-tier2",
      scoredAgents: [],
    });
    const agentLeg = legOf(offered, "agent");
    expect(agentLeg?.calls[0]?.state).toBe("alerting");
    expect(agentLeg?.queueId).toBe(queue.id);
    expect(agentLeg?.conversationRoutingData).toEqual({ priority: 0, skills: [], scoredAgents: [] });
    expect(legOf(offered, "customer")?.conversationRoutingData).toBeUndefined();

    const detail = await detailOf(emulator, token, conversationId);
    expect(acdSessionOf(detail)).toMatchObject({
      mediaType: "voice",
      skillExpressionId: "expr-support-tier2",
    });
  });

  it("sends the conversation again on every change, and each event twice with duplicateConversationEvents", async () => {
    const once = await quietCentre();
    const twice = await quietCentre({ duplicateConversationEvents: true });
    const counts = [];
    for (const { emulator, token, queue } of [once, twice]) {
      const channel = await openChannel(emulator, token, [`v2.routing.queues.${queue.id}.conversations`]);
      const conversationId = emulator.control.createConversation({ queueId: queue.id });
      await api(emulator, token, "PATCH", `/api/v2/routing/conversations/${conversationId}`, { priority: 4 });
      await emulator.control.advance(2000);
      await flush(channel);
      counts.push(bodiesOf(channel, conversationId).map((body) => JSON.stringify(body)));
    }
    const [single = [], doubled = []] = counts;
    // Arrival, the PATCH, the offer: one event per change.
    expect(single).toHaveLength(3);
    expect(doubled).toEqual(single.flatMap((body) => [body, body]));
  });
});

describe("scheduled callbacks", () => {
  it("wait `scheduled` (not routed) until their time, then are routed like any conversation", async () => {
    const { emulator, token, queue } = await quietCentre();
    const channel = await openChannel(emulator, token, [`v2.routing.queues.${queue.id}.conversations`]);
    const scheduledFor = new Date(emulator.control.now() + HOUR_MS).toISOString();
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "callback",
      callbackScheduledTime: scheduledFor,
    });
    await channel.waitFor((frame) => (frame.eventBody as ConversationBody).id === conversationId);
    const [booked] = bodiesOf(channel, conversationId);
    if (booked === undefined) throw new Error("no event");
    for (const purpose of ["customer", "acd"]) {
      const leg = legOf(booked, purpose);
      expect(leg?.calls).toEqual([]);
      expect(leg?.callbacks).toEqual([
        expect.objectContaining({ state: "scheduled", callbackScheduledTime: scheduledFor }),
      ]);
    }

    // The routing delay passes, idle agents wait: no offer before the booked time.
    await emulator.control.advance(HOUR_MS - 1);
    const conversation = () => emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    expect(conversation()?.state).toBe("scheduled");
    expect(conversation()?.offers).toEqual([]);
    expect(emulator.control.snapshot().queues[0]?.waitingConversationIds).not.toContain(conversationId);
    const scheduledSession = acdSessionOf(await detailOf(emulator, token, conversationId));
    expect(scheduledSession).toMatchObject({ mediaType: "callback", callbackScheduledTime: scheduledFor });
    expect(scheduledSession?.segments.map((segment) => segment.segmentType)).toEqual(["scheduled"]);
    expect(scheduledSession?.segments[0]?.segmentEnd).toBeUndefined();

    await emulator.control.advance(1);
    expect(conversation()?.state).toBe("waiting");
    const waiting = await channel.waitFor((frame) => {
      const body = frame.eventBody as ConversationBody;
      return body.id === conversationId && legOf(body, "acd")?.callbacks[0]?.state === "connected";
    });
    expect(legOf(waiting.eventBody as ConversationBody, "customer")?.callbacks[0]?.state).toBe("connected");
    await emulator.control.advance(2000);
    expect(conversation()?.state).toBe("alerting");
    const routedSession = acdSessionOf(await detailOf(emulator, token, conversationId));
    expect(routedSession?.segments.map((segment) => segment.segmentType)).toEqual(["scheduled", "interact"]);
  });

  it("refuses a scheduled time on anything but a callback, naming the field", async () => {
    const { emulator, queue } = await quietCentre();
    expect(() =>
      emulator.control.createConversation({
        queueId: queue.id,
        mediaType: "call",
        callbackScheduledTime: new Date(emulator.control.now() + HOUR_MS).toISOString(),
      }),
    ).toThrow(/callbackScheduledTime/);
  });
});

describe("preferred agent routing rules", () => {
  it("GET /api/v2/routing/queues/{id} lists the queue's routingRules; a queue without them lists none", async () => {
    const rules = [
      { operator: "MEETS_THRESHOLD" as const, threshold: 70, waitSeconds: 15 },
      { operator: "ANY" as const, waitSeconds: 5 },
    ];
    const emulator = await start({
      clock: "manual",
      contactCentre: { ...QUIET, routingRules: rules, routingRulesByQueue: { Support: [] } },
    });
    const token = await getToken(emulator);
    const [sales, support] = emulator.control.snapshot().queues;
    const withRules = await api<Record<string, unknown>>(
      emulator,
      token,
      "GET",
      `/api/v2/routing/queues/${sales?.id}`,
    );
    expect(withRules.body.routingRules).toEqual(rules);
    const without = await api<Record<string, unknown>>(
      emulator,
      token,
      "GET",
      `/api/v2/routing/queues/${support?.id}`,
    );
    expect(without.status).toBe(200);
    expect(without.body).not.toHaveProperty("routingRules");
  });

  it("MEETS_THRESHOLD: a scored agent below the threshold waits the rule out; one at or above is offered at once", async () => {
    const { emulator, token, queue } = await quietCentre({
      routingRules: [
        { operator: "MEETS_THRESHOLD", threshold: 75, waitSeconds: 30 },
        { operator: "ANY", waitSeconds: 30 },
      ],
    });
    const [first, second] = idleMembers(emulator, queue.id);
    if (first === undefined || second === undefined) throw new Error("need two idle members");
    const offersOf = (id: string) =>
      emulator.control.snapshot().conversations.find((c) => c.id === id)?.offers;
    const patch = (id: string, score: number) =>
      api(emulator, token, "PATCH", `/api/v2/routing/conversations/${id}`, {
        requestScoredAgents: [{ id: second.id, score }],
      });

    const below = emulator.control.createConversation({ queueId: queue.id });
    await patch(below, 74);
    await emulator.control.advance(29_999);
    expect(offersOf(below)).toEqual([]);
    // The ANY rule admits every scored agent.
    await emulator.control.advance(1);
    expect(offersOf(below)).toEqual([expect.objectContaining({ userId: second.id, reason: "scored-agent" })]);

    const atThreshold = emulator.control.createConversation({ queueId: queue.id });
    await patch(atThreshold, 75);
    // `second` is busy with the first conversation: only `first` is idle, and it is not scored.
    expect(offersOf(atThreshold)).toEqual([]);
    const third = emulator.control.createConversation({ queueId: queue.id });
    const [idle] = idleMembers(emulator, queue.id);
    if (idle === undefined) throw new Error("no idle member left");
    await api(emulator, token, "PATCH", `/api/v2/routing/conversations/${third}`, {
      requestScoredAgents: [{ id: idle.id, score: 75 }],
    });
    expect(offersOf(third)).toEqual([expect.objectContaining({ userId: idle.id, reason: "scored-agent" })]);
  });

  it("a queue without routing rules ignores requestScoredAgents", async () => {
    const { emulator, token, queue } = await quietCentre({ routingRulesByQueue: { Sales: [] } });
    expect(queue.name).toBe("Sales");
    const [first, , third] = idleMembers(emulator, queue.id);
    if (first === undefined || third === undefined) throw new Error("need idle members");
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    await api(emulator, token, "PATCH", `/api/v2/routing/conversations/${conversationId}`, {
      requestScoredAgents: [{ id: third.id, score: 100 }],
    });
    await emulator.control.advance(2000);
    const offers = emulator.control.snapshot().conversations.find((c) => c.id === conversationId)?.offers;
    expect(offers).toEqual([expect.objectContaining({ userId: first.id, reason: "longest-idle" })]);
  });
});
