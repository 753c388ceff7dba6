import { describe, expect, it } from "vitest";
import type { EmulatorSnapshot, RunningEmulator } from "../src/index.js";
import {
  type ConversationBody,
  type ConversationParticipant,
  type ErrorBody,
  mediaOf,
  type RoutingStatusEvent,
} from "./genesys-shapes.js";
import { api, type Frame, flush, getToken, openChannel, type TestSocket, useEmulators } from "./helpers.js";

const start = useEmulators();

/** A quiet centre driven only by the test: no spontaneous arrivals, no abandonment. */
const QUIET = { arrivalsPerMinute: 0, meanPatienceMs: 0, routingDelayMs: 2000, wrapUpMs: 0 } as const;

type Agent = EmulatorSnapshot["agents"][number];

function longestIdle(snapshot: EmulatorSnapshot, queueId: string): Agent[] {
  const queue = snapshot.queues.find((candidate) => candidate.id === queueId);
  return snapshot.agents
    .filter((agent) => queue?.memberIds.includes(agent.id) && agent.routingStatus.status === "IDLE")
    .sort((a, b) => a.routingStatus.startTime - b.routingStatus.startTime);
}

function conversationFrames(socket: TestSocket, conversationId: string): ConversationBody[] {
  return socket.frames
    .filter((frame) => frame.topicName.endsWith(".conversations"))
    .map((frame) => frame.eventBody as ConversationBody)
    .filter((body) => body.id === conversationId);
}

function agentParticipant(body: ConversationBody): ConversationParticipant | undefined {
  return body.participants.filter((participant) => participant.purpose === "agent").at(-1);
}

function firstQueue(emulator: RunningEmulator): EmulatorSnapshot["queues"][number] {
  const queue = emulator.control.snapshot().queues[0];
  if (queue === undefined) throw new Error("no queue");
  return queue;
}

async function quietCentre(extra: Record<string, number> = {}) {
  const emulator = await start({ clock: "manual", contactCentre: { ...QUIET, ...extra } });
  const token = await getToken(emulator);
  const queue = firstQueue(emulator);
  return { emulator, token, queue };
}

describe("living contact centre", () => {
  it("publishes a conversation as it moves alerting -> connected -> disconnected, with the Genesys body shape", async () => {
    const { emulator, token, queue } = await quietCentre();
    const expectedAgent = longestIdle(emulator.control.snapshot(), queue.id)[0];
    if (expectedAgent === undefined) throw new Error("no idle agent");
    const channel = await openChannel(emulator, token, [
      `v2.routing.queues.${queue.id}.conversations`,
      `v2.users.${expectedAgent.id}.activity`,
    ]);
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      mediaType: "call",
      priority: 5,
    });

    const waiting = (
      await channel.waitFor((frame) => (frame.eventBody as ConversationBody).id === conversationId)
    ).eventBody as ConversationBody;
    expect(waiting.participants.map((participant) => participant.purpose)).toEqual(["customer", "acd"]);
    const acd = waiting.participants[1] as ConversationParticipant;
    expect(acd.queueId).toBe(queue.id);
    expect(acd.conversationRoutingData).toEqual({
      queue: { id: queue.id },
      priority: 5,
      skills: [],
      scoredAgents: [],
    });
    expect(acd.calls).toHaveLength(1);
    expect(acd.calls[0]?.state).toBe("connected");
    expect(acd.messages).toEqual([]);

    await emulator.control.advance(2000);
    await emulator.control.advance(10_000);
    await emulator.control.advance(60 * 60_000);
    await channel.waitFor((frame) => {
      const body = frame.eventBody as ConversationBody;
      return (
        body.id === conversationId &&
        body.participants.every((p) => mediaOf(p).every((m) => m.state === "disconnected"))
      );
    });
    await flush(channel);

    const states = conversationFrames(channel, conversationId).flatMap((body) => {
      const agent = agentParticipant(body);
      return agent === undefined ? [] : [mediaOf(agent)[0]?.state];
    });
    expect([...new Set(states)]).toEqual(["alerting", "connected", "disconnected"]);

    const offered = conversationFrames(channel, conversationId).find(
      (body) => agentParticipant(body) !== undefined,
    );
    const agent = offered === undefined ? undefined : agentParticipant(offered);
    expect(agent?.userId).toBe(expectedAgent.id);
    expect(agent?.queueId).toBe(queue.id);
    expect(agent?.alertingTimeoutMs).toBeGreaterThan(0);
    expect(agent?.calls[0]?.id).toBeTruthy();

    const statuses = channel.frames
      .filter((frame: Frame) => frame.topicName === `v2.users.${expectedAgent.id}.activity`)
      .map((frame) => (frame.eventBody as RoutingStatusEvent).routingStatus);
    expect(statuses.map((status) => status.status)).toEqual(["INTERACTING", "IDLE"]);
    expect(Date.parse(statuses[0]?.startTime ?? "")).toBeGreaterThan(0);
    expect(emulator.control.snapshot().conversations.find((c) => c.id === conversationId)?.state).toBe(
      "ended",
    );
  });

  it("routes to the top-scored idle member when requestScoredAgents arrives, and to the longest idle otherwise", async () => {
    const withoutDecision = await quietCentre();
    const idle = longestIdle(withoutDecision.emulator.control.snapshot(), withoutDecision.queue.id);
    const [first, second, third] = idle;
    if (first === undefined || second === undefined || third === undefined)
      throw new Error("need three idle agents");

    const plain = withoutDecision.emulator.control.createConversation({ queueId: withoutDecision.queue.id });
    await withoutDecision.emulator.control.advance(2000);
    const plainOffer = withoutDecision.emulator.control
      .snapshot()
      .conversations.find((c) => c.id === plain)?.offers;
    expect(plainOffer).toEqual([expect.objectContaining({ userId: first.id, reason: "longest-idle" })]);

    const { emulator, token, queue } = await quietCentre();
    const channel = await openChannel(emulator, token, [`v2.routing.queues.${queue.id}.conversations`]);
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    const patched = await api<{ scoredAgents: Array<{ agent: { id: string }; score: number }> }>(
      emulator,
      token,
      "PATCH",
      `/api/v2/routing/conversations/${conversationId}`,
      {
        requestScoredAgents: [
          { id: first.id, score: 10 },
          { id: third.id, score: 90 },
          { id: second.id, score: 50 },
        ],
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.scoredAgents.map((entry) => entry.agent.id)).toEqual([first.id, third.id, second.id]);

    const offer = await channel.waitFor((frame) => {
      const body = frame.eventBody as ConversationBody;
      return body.id === conversationId && agentParticipant(body) !== undefined;
    });
    const offeredTo = agentParticipant(offer.eventBody as ConversationBody);
    expect(offeredTo?.userId).toBe(third.id);
    // As in Genesys, the scores (like every requirement) are on the acd participant; the agent's routing
    // data is empty. (Until #8 the emulator copied the queue's routing data onto the agent leg.)
    expect(offeredTo?.conversationRoutingData).toEqual({ priority: 0, skills: [], scoredAgents: [] });
    const acdLeg = (offer.eventBody as ConversationBody).participants.find((p) => p.purpose === "acd");
    expect(acdLeg?.conversationRoutingData?.scoredAgents).toContainEqual({
      agent: { id: third.id },
      score: 90,
    });
    const snapshot = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    expect(snapshot?.offers).toEqual([expect.objectContaining({ userId: third.id, reason: "scored-agent" })]);
    // Routed as soon as the decision arrived, before the routing delay ran out.
    expect(snapshot?.offers[0]?.at).toBe(emulator.control.now());
  });

  it("widens to the longest-idle member once the rules' waits have run out with no scored agent idle", async () => {
    // Genesys tries the preferred pool for each rule's waitSeconds before widening ("Preferred agent routing
    // behavior"); until #8 the emulator widened at once. Default rules: >= 80 for 10 s, then ANY for 10 s.
    const { emulator, token, queue } = await quietCentre();
    const offQueue = emulator.control
      .snapshot()
      .agents.find((agent) => agent.routingStatus.status === "OFF_QUEUE");
    const [first] = longestIdle(emulator.control.snapshot(), queue.id);
    if (offQueue === undefined || first === undefined) throw new Error("fixture needs an off-queue agent");
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    await api(emulator, token, "PATCH", `/api/v2/routing/conversations/${conversationId}`, {
      requestScoredAgents: [{ id: offQueue.id, score: 100 }],
    });
    const offersOf = () =>
      emulator.control.snapshot().conversations.find((c) => c.id === conversationId)?.offers;
    await emulator.control.advance(19_999);
    expect(offersOf()).toEqual([]);
    await emulator.control.advance(1);
    expect(offersOf()).toEqual([expect.objectContaining({ userId: first.id, reason: "longest-idle" })]);
  });

  it("assign sends the conversation to that agent, and re-routes one already alerting", async () => {
    const { emulator, token, queue } = await quietCentre();
    const [first, , third] = longestIdle(emulator.control.snapshot(), queue.id);
    if (first === undefined || third === undefined) throw new Error("need idle agents");
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    await emulator.control.advance(2000);
    expect(emulator.control.snapshot().conversations.find((c) => c.id === conversationId)?.agentId).toBe(
      first.id,
    );

    const assigned = await api(emulator, token, "POST", `/api/v2/conversations/${conversationId}/assign`, {
      id: third.id,
    });
    expect(assigned.status).toBe(202);
    const snapshot = emulator.control.snapshot();
    const conversation = snapshot.conversations.find((c) => c.id === conversationId);
    expect(conversation?.agentId).toBe(third.id);
    expect(conversation?.offers.map((offer) => [offer.userId, offer.reason, offer.outcome])).toEqual([
      [first.id, "longest-idle", "withdrawn"],
      [third.id, "assign", "pending"],
    ]);
    expect(snapshot.agents.find((agent) => agent.id === first.id)?.routingStatus.status).toBe("IDLE");
    expect(snapshot.agents.find((agent) => agent.id === third.id)?.routingStatus.status).toBe("INTERACTING");
  });

  it("PATCH routing/conversations on a conversation no longer in queue: 400 invalid.status once answered", async () => {
    const { emulator, token, queue } = await quietCentre({ meanHandleTimeMs: 600_000 });
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    const path = `/api/v2/routing/conversations/${conversationId}`;
    const agent = longestIdle(emulator.control.snapshot(), queue.id)[0];
    if (agent === undefined) throw new Error("need an idle agent");
    const scored = { requestScoredAgents: [{ id: agent.id, score: 90 }] };
    expect((await api(emulator, token, "PATCH", path, scored)).status).toBe(200);
    // Offered, then answered: the conversation has left the queue ("Update attributes of an in-queue
    // conversation", RoutingApi.md).
    await emulator.control.advance(20_000);
    expect(emulator.control.snapshot().conversations.find((c) => c.id === conversationId)?.state).toBe(
      "connected",
    );
    const late = await api<ErrorBody>(emulator, token, "PATCH", path, scored);
    expect(late.status).toBe(400);
    expect(late.body.code).toBe("invalid.status");
  });

  it("assign answers 400 invalid.status for an agent who cannot take it, 404 for an unknown conversation", async () => {
    const { emulator, token, queue } = await quietCentre();
    const offQueue = emulator.control
      .snapshot()
      .agents.find((agent) => agent.routingStatus.status === "OFF_QUEUE");
    if (offQueue === undefined) throw new Error("fixture needs an off-queue agent");
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    const busy = await api<ErrorBody>(
      emulator,
      token,
      "POST",
      `/api/v2/conversations/${conversationId}/assign`,
      {
        id: offQueue.id,
      },
    );
    expect(busy.status).toBe(400);
    expect(busy.body.code).toBe("invalid.status");
    const missing = await api<ErrorBody>(
      emulator,
      token,
      "POST",
      "/api/v2/conversations/00000000-0000-4000-8000-000000000000/assign",
      { id: offQueue.id },
    );
    expect(missing.status).toBe(404);
    const noBody = await api<ErrorBody>(
      emulator,
      token,
      "POST",
      `/api/v2/conversations/${conversationId}/assign`,
      {},
    );
    expect(noBody.status).toBe(400);
    expect(noBody.body.details[0]?.fieldName).toBe("id");
  });

  it("PATCH routing/conversations validates and names the bad field", async () => {
    const { emulator, token, queue } = await quietCentre();
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    const path = `/api/v2/routing/conversations/${conversationId}`;
    const priority = await api<ErrorBody>(emulator, token, "PATCH", path, { priority: 25_000_001 });
    expect(priority.status).toBe(400);
    expect(priority.body.message).toContain("priority");
    const skill = await api<ErrorBody>(emulator, token, "PATCH", path, { skillIds: ["no-such-skill"] });
    expect(skill.status).toBe(400);
    expect(skill.body.details[0]?.fieldName).toBe("skillIds[0]");
    const score = await api<ErrorBody>(emulator, token, "PATCH", path, {
      requestScoredAgents: [{ id: "x", score: 101 }],
    });
    expect(score.status).toBe(400);
    expect(score.body.details[0]?.fieldName).toBe("requestScoredAgents[0].score");
    const tooMany = await api<ErrorBody>(emulator, token, "PATCH", path, {
      requestScoredAgents: Array.from({ length: 21 }, () => ({ id: "x", score: 1 })),
    });
    expect(tooMany.status).toBe(400);
    const gone = await api<ErrorBody>(emulator, token, "PATCH", "/api/v2/routing/conversations/unknown", {
      priority: 1,
    });
    expect(gone.status).toBe(404);
    const ok = await api<{ priority: number; skills: Array<{ id: string }> }>(
      emulator,
      token,
      "PATCH",
      path,
      {
        priority: 7,
        skillIds: [queue.primarySkillId],
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.priority).toBe(7);
    expect(ok.body.skills.map((s) => s.id)).toEqual([queue.primarySkillId]);
  });

  it("routes only to members having the requested skills, and reacts when a skill is granted", async () => {
    const { emulator, token, queue } = await quietCentre();
    const snapshot = emulator.control.snapshot();
    const conversationSkill = snapshot.skills.at(-1);
    if (conversationSkill === undefined) throw new Error("no skills");
    // Nobody idle in the queue keeps the skill active (an inactive skill does not route).
    for (const agent of longestIdle(snapshot, queue.id)) {
      const held = agent.skills.find((skill) => skill.id === conversationSkill.id);
      if (held === undefined) continue;
      const deactivated = await api(
        emulator,
        token,
        "PATCH",
        `/api/v2/users/${agent.id}/routingskills/bulk`,
        [{ id: conversationSkill.id, proficiency: held.proficiency, state: "inactive" }],
      );
      expect(deactivated.status).toBe(200);
    }
    const conversationId = emulator.control.createConversation({
      queueId: queue.id,
      skillIds: [conversationSkill.id],
    });
    await emulator.control.advance(5000);
    expect(emulator.control.snapshot().conversations.find((c) => c.id === conversationId)?.state).toBe(
      "waiting",
    );

    const [chosen] = longestIdle(emulator.control.snapshot(), queue.id).slice(-1);
    if (chosen === undefined) throw new Error("no idle member");
    const granted = await api(
      emulator,
      token,
      "PUT",
      `/api/v2/users/${chosen.id}/routingskills/${conversationSkill.id}`,
      {
        proficiency: 4,
      },
    );
    expect(granted.status).toBe(200);
    const conversation = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    expect(conversation?.state).toBe("alerting");
    expect(conversation?.agentId).toBe(chosen.id);
  });

  it("transfers a connected messaging participant to another queue with replace/queue", async () => {
    const { emulator, token, queue } = await quietCentre();
    const target = emulator.control.snapshot().queues[1];
    if (target === undefined) throw new Error("need a second queue");
    const channel = await openChannel(emulator, token, [`v2.routing.queues.${target.id}.conversations`]);
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "message" });
    const beforeAnswer = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    const acdId = beforeAnswer?.participants.find((p) => p.purpose === "acd")?.id ?? "";
    await emulator.control.advance(2000);
    const alertingAgent = emulator.control
      .snapshot()
      .conversations.find((c) => c.id === conversationId)
      ?.participants.find((p) => p.purpose === "agent");
    const notYet = await api<ErrorBody>(
      emulator,
      token,
      "POST",
      `/api/v2/conversations/${conversationId}/participants/${alertingAgent?.id}/replace/queue`,
      { queueId: target.id },
    );
    expect(notYet.status).toBe(400);
    expect(notYet.body.code).toBe("conversations.error.transfer.not.connected");

    await emulator.control.advance(10_000);
    const connected = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    expect(connected?.state).toBe("connected");
    const agentParticipantId = connected?.participants.find(
      (p) => p.purpose === "agent" && p.state === "connected",
    )?.id;
    const replaced = await api(
      emulator,
      token,
      "POST",
      `/api/v2/conversations/${conversationId}/participants/${agentParticipantId}/replace/queue`,
      { queueId: target.id },
    );
    expect(replaced.status).toBe(202);
    const moved = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    expect(moved?.state).toBe("waiting");
    expect(moved?.queueId).toBe(target.id);
    expect(moved?.participants.find((p) => p.id === agentParticipantId)?.state).toBe("disconnected");
    expect(moved?.participants.find((p) => p.id === acdId)?.state).toBe("disconnected");
    const event = await channel.waitFor(
      (frame) => (frame.eventBody as ConversationBody).id === conversationId,
    );
    const newAcd = (event.eventBody as ConversationBody).participants
      .filter((p) => p.purpose === "acd")
      .at(-1);
    expect(newAcd?.queueId).toBe(target.id);
    expect(newAcd?.messages[0]?.state).toBe("connected");
  });

  it("ends a conversation when the agent participant is patched to disconnected", async () => {
    const { emulator, token, queue } = await quietCentre({ wrapUpMs: 30_000 });
    const conversationId = emulator.control.createConversation({ queueId: queue.id });
    await emulator.control.advance(12_000);
    const connected = emulator.control.snapshot().conversations.find((c) => c.id === conversationId);
    const agent = connected?.participants.find((p) => p.purpose === "agent");
    expect(agent?.state).toBe("connected");
    const patched = await api(
      emulator,
      token,
      "PATCH",
      `/api/v2/conversations/${conversationId}/participants/${agent?.id}`,
      { state: "disconnected", wrapupSkipped: true },
    );
    expect(patched.status).toBe(202);
    const snapshot = emulator.control.snapshot();
    expect(snapshot.conversations.find((c) => c.id === conversationId)?.state).toBe("ended");
    // wrapupSkipped: the agent is IDLE at once instead of after 30 s of after-call work.
    expect(snapshot.agents.find((a) => a.id === agent?.userId)?.routingStatus.status).toBe("IDLE");
    const badState = await api<ErrorBody>(
      emulator,
      token,
      "PATCH",
      `/api/v2/conversations/${conversationId}/participants/${agent?.id}`,
      { state: "held" },
    );
    expect(badState.status).toBe(400);
    expect(badState.body.details[0]?.fieldName).toBe("state");
  });

  it("keeps arriving on its own at the configured rate (Poisson, seeded)", async () => {
    const emulator = await start({ clock: "manual", contactCentre: { arrivalsPerMinute: 6 } });
    await emulator.control.advance(60 * 60_000);
    const arrived = emulator.control.snapshot().conversations.length;
    // 360 expected in an hour; Poisson's standard deviation is 19.
    expect(arrived).toBeGreaterThan(300);
    expect(arrived).toBeLessThan(420);
    emulator.control.setArrivalRate(0);
    await emulator.control.advance(60 * 60_000);
    expect(emulator.control.snapshot().conversations.length).toBe(arrived);
  });
});
